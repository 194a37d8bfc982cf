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
/// Probes, in order: <c>runtimes/&lt;rid&gt;/native/</c> beside this assembly, the same below the application base
/// folder, then the folders themselves. The process needs no LD_LIBRARY_PATH. When nothing loads, the
/// <see cref="DllNotFoundException"/> lists every path tried and why each failed.
/// </remarks>
internal static class NativeLibraryLoader
{
    private static readonly Lazy<nint> s_handle = new(() => Load(CandidatePaths()));

    /// <summary>File name of the native library on the running platform.</summary>
    internal static string FileName { get; } =
        OperatingSystem.IsWindows() ? "numcodecs_native.dll"
        : OperatingSystem.IsMacOS() ? "libnumcodecs_native.dylib"
        : "libnumcodecs_native.so";

    /// <summary>Path of the library that was loaded, once a native call has been made.</summary>
    internal static string? LoadedPath { get; private set; }

    // A module initializer in a library is unusual (CA2255): it is what guarantees the resolver is in place before the
    // first P/Invoke of this assembly, whichever class makes it, and it affects only this assembly's imports.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The resolver must be registered before any P/Invoke of this assembly.")]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    /// <summary>Loads the library (once) and returns its handle.</summary>
    internal static nint EnsureLoaded() => s_handle.Value;

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Interop.Libraries.Native ? s_handle.Value : 0;

    /// <summary>The paths probed for the library, in order, without duplicates.</summary>
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

    /// <summary>Loads the first candidate that exists and loads; throws listing every attempt otherwise.</summary>
    /// <exception cref="DllNotFoundException">No candidate could be loaded.</exception>
    internal static nint Load(IEnumerable<string> candidates)
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
                nint handle = NativeLibrary.Load(path);
                LoadedPath = path;
                return handle;
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                tried.Append("\n  ").Append(path).Append(" (failed to load: ").Append(e.Message).Append(')');
            }
        }

        throw new DllNotFoundException(
            $"Cannot load the NumCodecs native library {FileName} for {RuntimeInformation.RuntimeIdentifier}. " +
            $"Build it with 'dotnet build' (which runs CMake) or install the package for this runtime. Tried:{tried}");
    }
}
