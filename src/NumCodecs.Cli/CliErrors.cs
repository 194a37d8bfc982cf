namespace NumCodecs.Cli;

/// <summary>The tool's exit codes and the one place exceptions become them.</summary>
internal static class CliErrors
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A bad codec config, dtype or argument.</summary>
    public const int BadConfig = 2;

    /// <summary>Data that cannot be decoded.</summary>
    public const int CorruptData = 3;

    /// <summary>A file that cannot be read or written, or a native library that cannot be loaded.</summary>
    public const int IoError = 4;

    /// <summary>Runs <paramref name="action"/>; an exception becomes a one-line message on <paramref name="error"/> and its exit code.</summary>
    public static int Guard(TextWriter error, bool verbose, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Classify(e) is int code)
        {
            // An ArgumentException's message ends in " (Parameter 'name')", which names a C# parameter, not anything
            // the user typed.
            string message = e is ArgumentException { ParamName: string name } argument
                ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
                : e.Message;
            error.WriteLine($"numcodecs: {message}");
            if (verbose)
            {
                error.WriteLine(e.ToString());
            }

            return code;
        }
    }

    private static int? Classify(Exception e) => e switch
    {
        CodecConfigException or ArgumentException or FormatException or CliUsageException => BadConfig,
        CorruptDataException or DecodedLengthLimitException or NumCodecsException or NotSupportedException => CorruptData,
        IOException or UnauthorizedAccessException or DllNotFoundException => IoError,
        _ => null,
    };
}

/// <summary>A command line that parses but asks for something impossible (an unknown data set, a bad size).</summary>
internal sealed class CliUsageException(string message) : Exception(message);
