using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace NumCodecs.Native;

/// <summary>
/// Finds and loads libnumcodecs_native for every <c>[LibraryImport]</c> of this assembly, through the one
/// <see cref="NativeLibrary.SetDllImportResolver"/> registered when the assembly loads.
/// </summary>
/// <remarks>
/// <para>
/// Probes, in order: <c>runtimes/&lt;rid&gt;/native/</c> beside this assembly, the same below the application base
/// folder, then the folders themselves. The process needs no LD_LIBRARY_PATH.
/// </para>
/// <para>
/// When none of those paths loads, the runtime's own probing runs (<see cref="NativeLibrary.Load(string, Assembly, DllImportSearchPath?)"/>),
/// which knows folders no explicit path can: the folder a single-file app extracts its native libraries to
/// (<c>IncludeNativeLibrariesForSelfExtract</c>; this assembly then has no location), the folders of the native assets
/// in the app's <c>deps.json</c>, and the system's library search (LD_LIBRARY_PATH and the like). It is asked for
/// <c>numcodecs_native</c> (a package's native asset, flattened into the app's folder by a publish for one runtime)
/// and then for <c>runtimes/&lt;rid&gt;/native/libnumcodecs_native.so</c> relative to those folders (the file as a
/// project reference lays it out, kept so in a bundle's extraction folder). When that fails too, the
/// <see cref="DllNotFoundException"/> lists every path tried and why each failed, with the runtime's own messages.
/// </para>
/// </remarks>
internal static class NativeLibraryLoader
{
    private static readonly Lazy<(nint Handle, string Path)> s_library = new(() =>
        Load(CandidatePaths(), ProbingNames(), typeof(NativeLibraryLoader).Assembly, searchPath: null));

    /// <summary>What <see cref="LoadedPath"/> starts with when the runtime's probing found the library but not where.</summary>
    private const string RuntimeProbingPrefix = "runtime probing: ";

    /// <summary>File name of the native library on the running platform.</summary>
    internal static string FileName { get; } =
        OperatingSystem.IsWindows() ? "numcodecs_native.dll"
        : OperatingSystem.IsMacOS() ? "libnumcodecs_native.dylib"
        : "libnumcodecs_native.so";

    /// <summary>
    /// Path of the library that was loaded, once a native call has been made: the candidate path, or for a library the
    /// runtime's probing found, the file of the loaded module, or <c>runtime probing: </c> and the name given where the
    /// process does not tell its modules' files.
    /// </summary>
    internal static string? LoadedPath => s_library.IsValueCreated ? s_library.Value.Path : null;

    // A module initializer in a library is unusual (CA2255): it is what guarantees the resolver is in place before the
    // first P/Invoke of this assembly, whichever class makes it, and it affects only this assembly's imports.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The resolver must be registered before any P/Invoke of this assembly.")]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    /// <summary>Loads the library (once) and returns its handle.</summary>
    /// <exception cref="DllNotFoundException">The library cannot be loaded; the message lists every attempt.</exception>
    internal static nint EnsureLoaded() => s_library.Value.Handle;

    // Never returns 0 for our library, so the runtime does not run its default probing after this resolver: Load runs
    // that probing itself, to keep the list of paths tried in the error. NativeLibrary.Load(name, assembly, path) does
    // not call this resolver back (the runtime calls resolvers only when it binds a P/Invoke), and were it ever to,
    // Lazy's recursion check would throw instead of looping.
    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Interop.Libraries.Native ? s_library.Value.Handle : 0;

    /// <summary>The paths probed for the library, in order, without duplicates.</summary>
    // Assembly.Location is empty in a single-file bundle and under Native AOT (IL3000); the empty folder is skipped, and
    // AppContext.BaseDirectory and then the runtime's probing cover those apps.
    [UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
        Justification = "An empty Location (single-file, Native AOT) is skipped; AppContext.BaseDirectory and the runtime's probing follow.")]
    internal static IReadOnlyList<string> CandidatePaths()
    {
        var folders = new List<string>();
        string? assemblyFolder = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyFolder))
        {
            folders.Add(assemblyFolder);
        }

        folders.Add(AppContext.BaseDirectory);

        string rid = RuntimeInformation.RuntimeIdentifier;
        var paths = new List<string>();
        foreach (string folder in folders)
        {
            paths.Add(Path.GetFullPath(Path.Combine(folder, "runtimes", rid, "native", FileName)));
        }

        foreach (string folder in folders)
        {
            paths.Add(Path.GetFullPath(Path.Combine(folder, FileName)));
        }

        return paths.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The names the runtime's probing is asked for, in order: the library name (with the platform's prefixes and
    /// suffixes added by the runtime), then the relative path <c>runtimes/&lt;rid&gt;/native/&lt;file&gt;</c>, which the
    /// runtime looks for below each of its native search folders.
    /// </summary>
    internal static IReadOnlyList<string> ProbingNames() =>
        [Interop.Libraries.Native, Path.Combine("runtimes", RuntimeInformation.RuntimeIdentifier, "native", FileName)];

    /// <summary>
    /// Loads the first candidate that exists and loads; when none does, asks the runtime's probing for each of
    /// <paramref name="probingNames"/> on behalf of <paramref name="assembly"/>. Returns the handle and the path loaded
    /// (see <see cref="LoadedPath"/>).
    /// </summary>
    /// <exception cref="DllNotFoundException">Neither a candidate nor the runtime's probing loaded the library.</exception>
    internal static (nint Handle, string Path) Load(
        IEnumerable<string> candidates, IEnumerable<string> probingNames, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var tried = new StringBuilder();
        foreach (string path in candidates)
        {
            if (!File.Exists(path))
            {
                tried.Append("\n  ").Append(path).Append(" (not found)");
                continue;
            }

            try
            {
                return (NativeLibrary.Load(path), path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                tried.Append("\n  ").Append(path).Append(" (failed to load: ").Append(e.Message).Append(')');
            }
        }

        foreach (string name in probingNames)
        {
            try
            {
                nint handle = NativeLibrary.Load(name, assembly, searchPath);
                return (handle, LoadedModulePath() ?? RuntimeProbingPrefix + name);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                tried.Append("\n  the runtime's probing for '").Append(name).Append("' (failed: ").Append(e.Message.TrimEnd()).Append(')');
            }
        }

        throw new DllNotFoundException(
            $"Cannot load the NumCodecs native library {FileName} for {RuntimeInformation.RuntimeIdentifier}. " +
            $"Build it with 'dotnet build' (which runs CMake) or install the package for this runtime. Tried:{tried}");
    }

    // The file of the module the runtime's probing loaded, told by the process's module list (/proc/self/maps on
    // Linux): the library's own file name, since the handle itself says nothing of where it came from.
    private static string? LoadedModulePath()
    {
        StringComparison comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        try
        {
            using Process process = Process.GetCurrentProcess();
            foreach (ProcessModule module in process.Modules)
            {
                if (string.Equals(Path.GetFileName(module.FileName), FileName, comparison))
                {
                    return module.FileName;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            // Some platforms cannot list a process's modules; the record then says only how the library was found.
        }

        return null;
    }
}
