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
/// are decoded and joined; a later stream that fails is dropped with all it gave, and decoding ends with the streams
/// before it (so data after the last whole stream is ignored); a stream without its end marker is an error.
/// </summary>
/// <remarks>
/// The verdict never depends on where the output goes: a later stream's output stays tentative until its end marker,
/// and when a fixed destination fills up during a later stream, the stream is still decoded to its end (into scratch)
/// to learn whether it fails, and so is dropped, or ends, and so does not fit.
/// </remarks>
internal static unsafe class MultiStreamDecoder
{
    private const int DiscardLength = 4096; // bytes of scratch for output past a full destination

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
            int streams = 0; // whole streams decoded so far
            bool overflowed = false; // a later stream's output no longer fits the fixed destination
            long discarded = 0; // bytes of that stream decoded past the destination
            byte probe = 0;
            byte empty = 0;
            byte* discard = stackalloc byte[DiscardLength];
            fixed (byte* input = source)
            {
                while (true)
                {
                    if (!open)
                    {
                        decoder.Start();
                        open = true;
                        if (streams > 0)
                        {
                            sink.Mark();
                        }
                    }

                    Span<byte> target = overflowed ? [] : sink.GetSpan();
                    overflowed |= target.IsEmpty && streams > 0;
                    bool probing = target.IsEmpty && !overflowed; // the first stream: a 1-byte probe tells whether output remains
                    bool ended;
                    int consumed;
                    int produced;
                    string? error;
                    fixed (byte* output = target)
                    {
                        byte* into = overflowed ? discard : probing ? &probe : output;
                        int room = overflowed ? DiscardLength : probing ? 1 : target.Length;
                        ended = decoder.Code(
                            input is null ? &empty : input + position, source.Length - position, into, room,
                            out consumed, out produced, out error);
                    }

                    position += consumed;
                    if (probing && produced > 0)
                    {
                        return StreamStatus.DestinationTooSmall;
                    }

                    if (overflowed)
                    {
                        discarded += produced;
                    }
                    else if (!probing)
                    {
                        sink.Advance(produced);
                    }

                    if (ended)
                    {
                        decoder.End();
                        open = false;
                        if (discarded > 0)
                        {
                            return StreamStatus.DestinationTooSmall; // the stream is whole, and does not fit
                        }

                        overflowed = false;

                        if (streams > 0)
                        {
                            sink.Commit();
                        }

                        streams++;
                        if (position == source.Length)
                        {
                            return StreamStatus.Done;
                        }

                        continue;
                    }

                    if (error is not null)
                    {
                        if (streams > 0)
                        {
                            // Not another whole stream: Python drops it, and what it gave, and keeps the streams before.
                            sink.Rollback();
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
