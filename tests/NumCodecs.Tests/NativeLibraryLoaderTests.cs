using System.Runtime.InteropServices;
using NumCodecs.Native;

namespace NumCodecs.Tests;

public sealed class NativeLibraryLoaderTests
{
    [Fact]
    public void FailureListsEveryPathTriedAndTheRuntimesProbing()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"numcodecs-loader-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string missing = Path.Combine(folder, "missing", NativeLibraryLoader.FileName);
            string notALibrary = Path.Combine(folder, NativeLibraryLoader.FileName);
            File.WriteAllText(notALibrary, "this is not a shared library");
            const string unknownLibrary = "numcodecs_no_such_library";
            string unknownRelative = Path.Combine("runtimes", "no-such-rid", "native", NativeLibraryLoader.FileName);

            var error = Assert.Throws<DllNotFoundException>(() => NativeLibraryLoader.Load(
                [missing, notALibrary], [unknownLibrary, unknownRelative], typeof(NativeLibraryLoader).Assembly, searchPath: null));

            Assert.Contains($"{missing} (not found)", error.Message, StringComparison.Ordinal);
            Assert.Contains($"{notALibrary} (failed to load", error.Message, StringComparison.Ordinal);
            // The runtime's own messages follow, each naming what it looked for.
            Assert.Matches($"the runtime's probing for '{unknownLibrary}' \\(failed: [^)]*{unknownLibrary}", error.Message);
            Assert.Contains($"the runtime's probing for '{unknownRelative}' (failed: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FallsBackToTheRuntimesProbingWhenNoCandidateExists()
    {
        // A single-file app that extracts its native libraries has none at the explicit paths; the runtime's probing
        // goes on past a name it cannot find and, given here the library's full path (the only name it resolves in a
        // test host), loads it.
        string library = NativeLibraryInfo.LibraryPath;
        string missing = Path.Combine(Path.GetTempPath(), $"numcodecs-loader-{Guid.NewGuid():N}", NativeLibraryLoader.FileName);

        (nint handle, string path) = NativeLibraryLoader.Load([missing], ["numcodecs_no_such_library", library], typeof(NativeLibraryLoader).Assembly, searchPath: null);
        try
        {
            Assert.True(NativeLibrary.TryGetExport(handle, "blosc_get_version_string", out _));
            // The process's module list tells which file the runtime loaded.
            Assert.Equal(library, path);
        }
        finally
        {
            NativeLibrary.Free(handle); // the loader's own handle stays: loading a library twice counts references
        }
    }

    [Fact]
    public void ProbesTheRuntimesFolderBesideTheAssemblyFirst()
    {
        IReadOnlyList<string> candidates = NativeLibraryLoader.CandidatePaths();
        string expected = Path.Combine(
            Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location)!,
            "runtimes", RuntimeInformation.RuntimeIdentifier, "native", NativeLibraryLoader.FileName);

        Assert.Equal(expected, candidates[0]);
        Assert.Equal(candidates.Count, candidates.Distinct().Count());
    }

    [Fact]
    public void TheRuntimesProbingIsAskedForTheLibraryNameThenTheRuntimesFolderBelowItsFolders()
    {
        Assert.Equal(
            ["numcodecs_native", Path.Combine("runtimes", RuntimeInformation.RuntimeIdentifier, "native", NativeLibraryLoader.FileName)],
            NativeLibraryLoader.ProbingNames());
    }

    [Fact]
    public void LoadsFromTheRuntimesFolderWithoutLibraryPath()
    {
        Assert.Null(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH")?.Split(':')
            .FirstOrDefault(path => File.Exists(Path.Combine(path, NativeLibraryLoader.FileName))));

        string loaded = NativeLibraryInfo.LibraryPath;

        Assert.Contains(Path.Combine("runtimes", RuntimeInformation.RuntimeIdentifier, "native"), loaded, StringComparison.Ordinal);
    }
}
