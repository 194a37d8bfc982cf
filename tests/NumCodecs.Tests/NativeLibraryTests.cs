using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NumCodecs.Native;

namespace NumCodecs.Tests;

/// <summary>The native library is the pinned build: versions, exports, dependencies and the C smoke test.</summary>
public sealed partial class NativeLibraryTests
{
    [Fact]
    public void ReportedVersionsEqualThePinsInCMakeLists()
    {
        Dictionary<string, string> pins = ReadPins();

        Assert.Equal(pins["BLOSC"], NativeLibraryInfo.BloscVersion);
        Assert.Equal(pins["ZSTD"], NativeLibraryInfo.ZstdVersion);
        Assert.Equal(VersionNumber(pins["ZSTD"]), NativeLibraryInfo.ZstdVersionNumber);
        Assert.Equal(pins["LZ4"], NativeLibraryInfo.Lz4Version);
        Assert.Equal(VersionNumber(pins["LZ4"]), NativeLibraryInfo.Lz4VersionNumber);
        Assert.Equal(pins["ZLIB"], NativeLibraryInfo.ZlibVersion);
        Assert.StartsWith(pins["BZIP2"] + ",", NativeLibraryInfo.Bzip2Version, StringComparison.Ordinal); // "1.0.8, 13-Jul-2019"
        Assert.Equal(pins["XZ"], NativeLibraryInfo.XzVersion);
        int[] xz = [.. pins["XZ"].Split('.').Select(part => int.Parse(part, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal((xz[0] * 10_000_000L) + (xz[1] * 10_000L) + (xz[2] * 10L) + 2, NativeLibraryInfo.XzVersionNumber); // 2: stable
        Assert.Equal(pins["LIBDEFLATE"], NativeLibraryInfo.LibdeflateVersion);
    }

    [Fact]
    public void BloscCarriesEveryCompressorNumcodecsUses()
    {
        Assert.Equal(["blosclz", "lz4", "lz4hc", "zlib", "zstd"], NativeLibraryInfo.BloscCompressors);
    }

    [Fact]
    public void LibraryNeedsOnlyTheCRuntime()
    {
        Assert.True(OperatingSystem.IsLinux(), "This check reads ELF dynamic sections; add one for this platform.");
        (int exitCode, string output) = ProcessRunner.Run("readelf", "--dynamic", NativeLibraryInfo.LibraryPath);
        Assert.True(exitCode == 0, output);

        List<string> needed = NeededPattern().Matches(output).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(needed);
        string[] disallowed = needed.Where(name => !CRuntimePattern().IsMatch(name)).ToArray();
        Assert.True(disallowed.Length == 0, $"libnumcodecs_native needs more than the C runtime: {string.Join(", ", disallowed)}");
    }

    [Fact]
    public void ExportsListMatchesTheInteropDeclarations()
    {
        var listed = ReadExportsList().ToHashSet(StringComparer.Ordinal);
        var declared = typeof(NativeLibraryLoader).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Import: method.GetCustomAttribute<LibraryImportAttribute>()))
            .Where(pair => pair.Import is not null)
            .Select(pair => pair.Import!.EntryPoint ?? pair.Method.Name)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(declared.Except(listed).Order());
        Assert.Empty(listed.Except(declared).Order());
    }

    [Fact]
    public void EveryListedSymbolIsExportedAndTheGlobalStateBloscApiIsNot()
    {
        nint library = NativeLibraryLoader.EnsureLoaded();
        string[] missing = ReadExportsList().Where(name => !NativeLibrary.TryGetExport(library, name, out _)).ToArray();
        Assert.Empty(missing);

        string[] globalState = ["blosc_init", "blosc_destroy", "blosc_compress", "blosc_decompress", "blosc_set_nthreads"];
        Assert.All(globalState, name => Assert.False(NativeLibrary.TryGetExport(library, name, out _), name));
    }

    [Fact]
    public void CSmokeTestPassesUnderCTest()
    {
        (int exitCode, string output) = ProcessRunner.Run(
            "ctest", "--test-dir", RepositoryPaths.NativeBuildDirectory, "--output-on-failure");

        Assert.True(exitCode == 0, output);
        Assert.Contains("100% tests passed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("No tests were found", output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> ReadPins()
    {
        string text = File.ReadAllText(RepositoryPaths.TopLevelCMakeLists);
        var pins = PinPattern().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(["BLOSC", "BZIP2", "LIBDEFLATE", "LZ4", "XZ", "ZLIB", "ZSTD"], pins.Keys.Order());
        return pins;
    }

    private static int VersionNumber(string version)
    {
        int[] parts = version.Split('.').Select(int.Parse).ToArray();
        return (parts[0] * 10000) + (parts[1] * 100) + parts[2];
    }

    private static IEnumerable<string> ReadExportsList() =>
        File.ReadLines(RepositoryPaths.ExportsList)
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.Length > 0);

    [GeneratedRegex(@"^set\(NUMCODECS_(\w+)_VERSION\s+([0-9.]+)\)", RegexOptions.Multiline)]
    private static partial Regex PinPattern();

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")]
    private static partial Regex NeededPattern();

    [GeneratedRegex(@"^(libc|libm|libpthread|libdl|librt)\.so\.\d+$|^ld-linux[-\w.]*\.so\.\d+$")]
    private static partial Regex CRuntimePattern();
}
