namespace NumCodecs.Internal;

/// <summary>One native streaming decoder (bzip2, liblzma) as <see cref="MultiStreamDecoder"/> drives it.</summary>
internal unsafe interface INativeStreamDecoder
{
    /// <summary>Starts decoding a new stream; throws when the native library cannot.</summary>
    void Start();

    /// <summary>
    /// Decodes from <paramref name="input"/> into <paramref name="output"/>. Returns whether the stream ended, or throws
    /// what is always fatal (a memory limit); any other native error is reported through <paramref name="error"/>.
    /// </summary>
    bool Code(byte* input, int inputLength, byte* output, int outputLength, out int consumed, out int produced, out string? error);

    /// <summary>Releases the current stream's native state.</summary>
    void End();
}

/// <summary>
/// The decoding loop Python's <c>bz2.decompress</c> and <c>lzma.decompress</c> share: streams that follow one another
/// are decoded and joined, data after the last whole stream is ignored when it does not start another stream, and a
/// stream without its end marker is an error.
/// </summary>
internal static unsafe class MultiStreamDecoder
{
    /// <summary>Decodes every stream in <paramref name="source"/> into <paramref name="sink"/>.</summary>
    /// <param name="source">The encoded data.</param>
    /// <param name="decoder">The native decoder.</param>
    /// <param name="sink">Where the output goes.</param>
    /// <param name="format">The format's name, for messages.</param>
    /// <param name="emptyIsNothing">Whether an empty input decodes to nothing (bz2) rather than being truncated (lzma).</param>
    /// <returns><see cref="StreamStatus.Done"/>, or <see cref="StreamStatus.DestinationTooSmall"/> for a full span.</returns>
    public static StreamStatus Run<TDecoder, TSink>(ReadOnlySpan<byte> source, ref TDecoder decoder, ref TSink sink, string format, bool emptyIsNothing)
        where TDecoder : INativeStreamDecoder, allows ref struct
        where TSink : IDecodeSink, allows ref struct
    {
        if (source.IsEmpty && emptyIsNothing)
        {
            return StreamStatus.Done;
        }

        bool open = false;
        try
        {
            int position = 0;
            int streams = 0;
            long streamOutput = 0; // bytes the current stream has produced
            byte probe = 0;
            byte empty = 0;
            fixed (byte* input = source)
            {
                while (true)
                {
                    if (!open)
                    {
                        decoder.Start();
                        open = true;
                    }

                    // With a full fixed destination, a 1-byte probe tells whether any output remains.
                    Span<byte> target = sink.GetSpan();
                    bool probing = target.IsEmpty;
                    bool ended;
                    int consumed;
                    int produced;
                    string? error;
                    fixed (byte* output = target)
                    {
                        ended = decoder.Code(
                            input is null ? &empty : input + position, source.Length - position, probing ? &probe : output,
                            probing ? 1 : target.Length, out consumed, out produced, out error);
                    }

                    position += consumed;
                    if (probing && produced > 0)
                    {
                        return StreamStatus.DestinationTooSmall;
                    }

                    if (!probing)
                    {
                        sink.Advance(produced);
                        streamOutput += produced;
                    }

                    if (ended)
                    {
                        decoder.End();
                        open = false;
                        streams++;
                        streamOutput = 0;
                        if (position == source.Length)
                        {
                            return StreamStatus.Done;
                        }

                        continue;
                    }

                    if (error is not null)
                    {
                        if (streams > 0 && streamOutput == 0)
                        {
                            // What follows the last whole stream is not another one: Python ignores it. (Python also
                            // drops a later stream that fails after giving output; that output is already written
                            // here, so such data is refused instead.)
                            return StreamStatus.Done;
                        }

                        throw new CorruptDataException($"The {format} data is invalid: {error}.");
                    }

                    if (produced == 0 && consumed == 0)
                    {
                        throw new CorruptDataException($"The {format} data ended before the end-of-stream marker (truncated).");
                    }
                }
            }
        }
        finally
        {
            if (open)
            {
                decoder.End();
            }
        }
    }
}
