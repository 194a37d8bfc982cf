using System.Buffers;

namespace NumCodecs.Fuzz;

/// <summary>Splits data into a multi-segment <see cref="ReadOnlySequence{T}"/>, as a <c>PipeReader</c> hands it out.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>The data cut at <paramref name="cuts"/> (clamped, in order); empty pieces are kept, as a reader may give them.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var first = new Segments(ReadOnlyMemory<byte>.Empty, 0);
        Segments last = first;
        int position = 0;
        foreach (int cut in cuts.Select(c => Math.Clamp(c, 0, data.Length)).Order().Append(data.Length))
        {
            var next = new Segments(data.AsMemory(position, cut - position), last.RunningIndex + last.Memory.Length);
            last.Next = next;
            last = next;
            position = cut;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
