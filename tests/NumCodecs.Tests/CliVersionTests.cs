using NumCodecs.Cli;

namespace NumCodecs.Tests;

public sealed class CliVersionTests
{
    [Fact]
    public void VersionPrintsTheNativeLibraryVersionsAndCompressors()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = Program.Run(["version"], output, error);

        Assert.True(exitCode == 0, error.ToString());
        string text = output.ToString();
        Assert.Contains($"c-blosc {NativeLibraryInfo.BloscVersion}", text, StringComparison.Ordinal);
        Assert.Contains($"zstd    {NativeLibraryInfo.ZstdVersion}", text, StringComparison.Ordinal);
        Assert.Contains($"lz4     {NativeLibraryInfo.Lz4Version}", text, StringComparison.Ordinal);
        Assert.Contains($"zlib    {NativeLibraryInfo.ZlibVersion}", text, StringComparison.Ordinal);
        Assert.Contains("blosc compressors: blosclz, lz4, lz4hc, zlib, zstd", text, StringComparison.Ordinal);
        string codecs = text.Split('\n').Single(line => line.StartsWith("codecs: ", StringComparison.Ordinal));
        Assert.All(["blosc", "gzip", "lz4", "zlib", "zstd"], id => Assert.Contains(id, codecs, StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownCommandFails()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = Program.Run(["no-such-command"], output, error);

        Assert.NotEqual(0, exitCode);
    }
}
