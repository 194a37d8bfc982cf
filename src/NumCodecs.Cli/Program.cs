using System.CommandLine;
using System.Reflection;
using NumCodecs;

namespace NumCodecs.Cli;

/// <summary>Entry point of the <c>numcodecs</c> tool.</summary>
internal static class Program
{
    /// <summary>Exit code when the native library cannot be loaded or another I/O failure stops the command.</summary>
    internal const int ExitIoError = 4;

    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the tool with the given arguments and output writers; returns the exit code.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("NumCodecs: compression, filter and checksum codecs for chunked arrays.");
        root.Subcommands.Add(VersionCommand(output, error));
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return root.Parse(args).Invoke(configuration);
    }

    private static Command VersionCommand(TextWriter output, TextWriter error)
    {
        var command = new Command("version", "Print the NumCodecs version, the native library versions and the codecs.");
        command.SetAction(_ =>
        {
            try
            {
                WriteVersion(output);
                return 0;
            }
            catch (DllNotFoundException e)
            {
                error.WriteLine($"numcodecs: {e.Message}");
                return ExitIoError;
            }
        });
        return command;
    }

    private static void WriteVersion(TextWriter output)
    {
        string version = typeof(NativeLibraryInfo).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        output.WriteLine($"NumCodecs {version}");
        output.WriteLine($"native library: {NativeLibraryInfo.LibraryPath}");
        output.WriteLine($"  c-blosc {NativeLibraryInfo.BloscVersion}");
        output.WriteLine($"  zstd    {NativeLibraryInfo.ZstdVersion}");
        output.WriteLine($"  lz4     {NativeLibraryInfo.Lz4Version}");
        output.WriteLine($"  zlib    {NativeLibraryInfo.ZlibVersion}");
        output.WriteLine($"blosc compressors: {string.Join(", ", NativeLibraryInfo.BloscCompressors)}");
        output.WriteLine($"codecs: {string.Join(", ", CodecRegistry.CodecIds)}");
    }
}
