using System.Text.RegularExpressions;

namespace NumCodecs.Tests;

/// <summary>
/// The check that runs after every native link (native/cmake/CheckLibrary.cmake) rejects what it exists to reject, and
/// the library built for this machine stays within the glibc floor on its own evidence, read here independently.
/// </summary>
public sealed partial class NativeLibraryCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("numcodecs-check-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BuiltLibraryNeedsNoGlibcVersionAboveTheFloor()
    {
        Assert.True(OperatingSystem.IsLinux(), "This check reads ELF version sections; add one for this platform.");
        (int exitCode, string output) = ProcessRunner.Run("readelf", "-V", "-W", NativeLibraryInfo.LibraryPath);
        Assert.True(exitCode == 0, output);

        Version[] needed = GlibcVersionPattern().Matches(output).Select(m => Version.Parse(m.Groups[1].Value)).ToArray();
        Assert.NotEmpty(needed);
        Version[] tooNew = needed.Where(version => version > new Version(2, 17)).ToArray();
        Assert.True(tooNew.Length == 0, $"libnumcodecs_native needs GLIBC_{string.Join(", GLIBC_", tooNew.Distinct())}");
    }

    [Fact]
    public void CheckAcceptsALibraryThatMeetsEveryRule()
    {
        string library = BuildLibrary("ok", FloorFlags, ["-Wl,--no-as-needed", "-l:libpthread.so.0"]);

        (int exitCode, string output) = RunCheck(library, ["numcodecs_test_entry"]);

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(library));
    }

    [Fact]
    public void CheckRejectsASymbolVersionAboveTheGlibcFloorAndDeletesTheLibrary()
    {
        string library = BuildLibrary("new-glibc", [], []); // without glibc_floor.h: pthread_create@GLIBC_2.34 (glibc 2.34+)

        (int exitCode, string output) = RunCheck(library, ["numcodecs_test_entry"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("newer than the floor GLIBC_2.17", output, StringComparison.Ordinal);
        Assert.Contains("pthread_create@GLIBC_2.34", output, StringComparison.Ordinal);
        Assert.False(File.Exists(library), "a library that failed the check must be deleted");
    }

    [Fact]
    public void CheckRejectsADependencyBeyondTheCRuntime()
    {
        string library = BuildLibrary("extra-dependency", FloorFlags, ["-Wl,--no-as-needed", "-lm"]);

        (int exitCode, string output) = RunCheck(library, ["numcodecs_test_entry"]);

        Assert.NotEqual(0, exitCode);
        Assert.Matches(@"depends on libm\.so\.6", output);
    }

    [Fact]
    public void CheckRejectsAnExportMissingFromTheListAndOneTheListLacks()
    {
        string library = BuildLibrary("exports", FloorFlags, []);

        (int exitCode, string output) = RunCheck(library, ["numcodecs_test_absent"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("listed but not exported: numcodecs_test_absent", output, StringComparison.Ordinal);
        Assert.Contains("exported but not listed: numcodecs_test_entry", output, StringComparison.Ordinal);
    }

    /// <summary>What the native build adds for linux-x64: the header that binds pthread symbols to GLIBC_2.2.5.</summary>
    private static string[] FloorFlags =>
        ["-include", Path.Combine(RepositoryPaths.Root, "native", "src", "glibc_floor.h"), "-DNUMCODECS_GLIBC_BASE_VERSION=GLIBC_2.2.5"];

    /// <summary>A one-function shared library that starts and joins a thread.</summary>
    private string BuildLibrary(string name, string[] compileFlags, string[] linkFlags)
    {
        Assert.True(OperatingSystem.IsLinux() && Environment.Is64BitProcess &&
            System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64,
            "These libraries are built for linux-x64 (GLIBC_2.2.5 is its base version).");
        string source = Path.Combine(_folder, name + ".c");
        File.WriteAllText(source, """
            #include <pthread.h>
            static void *run(void *argument) { return argument; }
            __attribute__((visibility("default"))) int numcodecs_test_entry(void)
            {
                pthread_t thread;
                if (pthread_create(&thread, 0, run, 0) != 0) return -1;
                return pthread_join(thread, 0);
            }
            """);
        string library = Path.Combine(_folder, "lib" + name + ".so");
        (int exitCode, string output) = ProcessRunner.Run("cc",
            ["-shared", "-fPIC", "-fvisibility=hidden", "-O1", .. compileFlags, source, "-o", library, .. linkFlags]);
        Assert.True(exitCode == 0, output);
        return library;
    }

    private (int ExitCode, string Output) RunCheck(string library, string[] exports)
    {
        string exportsFile = Path.Combine(_folder, Path.GetFileNameWithoutExtension(library) + ".exports.txt");
        File.WriteAllLines(exportsFile, ["# test exports", .. exports]);
        (int exitCode, string output) = ProcessRunner.Run("cmake",
            $"-DLIBRARY={library}", "-DFORMAT=ELF", $"-DEXPORTS={exportsFile}", "-DNM=nm", "-DREADELF=readelf",
            @"-DALLOWED_DEPENDENCIES=libc\.so\.6;libpthread\.so\.0", "-DGLIBC_FLOOR=2.17",
            "-P", Path.Combine(RepositoryPaths.Root, "native", "cmake", "CheckLibrary.cmake"));
        return (exitCode, WhitespacePattern().Replace(output, " ")); // CMake wraps its messages at 80 columns
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"Name: GLIBC_([0-9]+\.[0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex GlibcVersionPattern();
}
