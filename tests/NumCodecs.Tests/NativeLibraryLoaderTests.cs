using System.Runtime.InteropServices;
using NumCodecs.Native;

namespace NumCodecs.Tests;

public sealed class NativeLibraryLoaderTests
{
    [Fact]
    public void FailureListsEveryPathTried()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"numcodecs-loader-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string missing = Path.Combine(folder, "missing", NativeLibraryLoader.FileName);
            string notALibrary = Path.Combine(folder, NativeLibraryLoader.FileName);
            File.WriteAllText(notALibrary, "this is not a shared library");

            var error = Assert.Throws<DllNotFoundException>(() => NativeLibraryLoader.Load([missing, notALibrary]));

            Assert.Contains($"{missing} (not found)", error.Message, StringComparison.Ordinal);
            Assert.Contains($"{notALibrary} (failed to load", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
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
    public void LoadsFromTheRuntimesFolderWithoutLibraryPath()
    {
        Assert.Null(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH")?.Split(':')
            .FirstOrDefault(path => File.Exists(Path.Combine(path, NativeLibraryLoader.FileName))));

        string loaded = NativeLibraryInfo.LibraryPath;

        Assert.Contains(Path.Combine("runtimes", RuntimeInformation.RuntimeIdentifier, "native"), loaded, StringComparison.Ordinal);
    }
}
