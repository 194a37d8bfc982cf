using System.Globalization;

namespace NumCodecs.Zarr;

/// <summary>
/// What one dimension of a selection takes, as numpy indexes it: a slice (<c>start:stop:step</c>, parts optional,
/// step positive), one index (the dimension is dropped from the result's shape), or a list of indices (orthogonal
/// indexing, zarr-python's <c>oindex</c>). Negative starts, stops and indices count from the end, as in numpy.
/// </summary>
public sealed class DimensionSelection
{
    private readonly long? _start;
    private readonly long? _stop;
    private readonly long _step;
    private readonly long[]? _indices;
    private readonly long _index;

    private DimensionSelection(SelectionKind kind, long? start, long? stop, long step, long index, long[]? indices)
    {
        Kind = kind;
        _start = start;
        _stop = stop;
        _step = step;
        _index = index;
        _indices = indices;
    }

    /// <summary>The kinds of dimension selection.</summary>
    public enum SelectionKind
    {
        /// <summary><c>start:stop:step</c>.</summary>
        Slice,

        /// <summary>One index; the dimension is dropped.</summary>
        Index,

        /// <summary>A list of indices, in the caller's order (repeats allowed).</summary>
        Indices,
    }

    /// <summary>The kind.</summary>
    public SelectionKind Kind { get; }

    /// <summary>The whole dimension (<c>:</c>).</summary>
    public static DimensionSelection All { get; } = new(SelectionKind.Slice, null, null, 1, 0, null);

    /// <summary>A slice, as numpy's <c>start:stop:step</c>.</summary>
    /// <param name="start">First index (null: 0); negative counts from the end.</param>
    /// <param name="stop">One past the last (null: the extent); negative counts from the end.</param>
    /// <param name="step">Positive step.</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The step is not positive.</exception>
    public static DimensionSelection Slice(long? start = null, long? stop = null, long step = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        return new DimensionSelection(SelectionKind.Slice, start, stop, step, 0, null);
    }

    /// <summary>One index; negative counts from the end.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The selection.</returns>
    public static DimensionSelection At(long index) => new(SelectionKind.Index, null, null, 1, index, null);

    /// <summary>A list of indices (orthogonal indexing); negative ones count from the end.</summary>
    /// <param name="indices">The indices, in the order the result holds them.</param>
    /// <returns>The selection.</returns>
    public static DimensionSelection Of(params ReadOnlySpan<long> indices) => new(SelectionKind.Indices, null, null, 1, 0, indices.ToArray());

    /// <summary>How many indices this selects in a dimension of <paramref name="extent"/>, without listing them.</summary>
    /// <param name="extent">The dimension's length.</param>
    /// <returns>The count.</returns>
    public long Count(long extent)
    {
        switch (Kind)
        {
            case SelectionKind.Index:
                return 1;
            case SelectionKind.Indices:
                return _indices!.Length;
            default:
                long start = Clamp(_start ?? 0, extent);
                long stop = Clamp(_stop ?? extent, extent);
                return stop <= start ? 0 : ((stop - start - 1) / _step) + 1;
        }
    }

    /// <summary>
    /// Whether this selects one run of consecutive indices (a slice of step 1, or one index) in a dimension of
    /// <paramref name="extent"/>, and which: planners then work per chunk, not per index.
    /// </summary>
    internal bool TryGetRun(long extent, int dimension, out long start, out long stop)
    {
        switch (Kind)
        {
            case SelectionKind.Index:
                start = Resolve(extent, dimension)[0];
                stop = start + 1;
                return true;
            case SelectionKind.Slice when _step == 1:
                start = Clamp(_start ?? 0, extent);
                stop = Math.Max(start, Clamp(_stop ?? extent, extent));
                return true;
            default:
                start = stop = 0;
                return false;
        }
    }

    /// <summary>The indices selected in a dimension of <paramref name="extent"/>, in result order.</summary>
    /// <param name="extent">The dimension's length.</param>
    /// <param name="dimension">The dimension's number, for messages.</param>
    /// <returns>The indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index lies outside the dimension.</exception>
    public long[] Resolve(long extent, int dimension)
    {
        switch (Kind)
        {
            case SelectionKind.Index:
                return [Check(_index, extent, dimension)];
            case SelectionKind.Indices:
                return [.. _indices!.Select(index => Check(index, extent, dimension))];
            default:
                long start = Clamp(_start ?? 0, extent);
                long stop = Clamp(_stop ?? extent, extent);
                long count = stop <= start ? 0 : ((stop - start - 1) / _step) + 1;
                if (count > Array.MaxLength)
                {
                    throw new ArgumentOutOfRangeException(nameof(extent), $"Dimension {dimension} selects {count} indices, more than one buffer holds.");
                }

                var indices = new long[count];
                for (long i = 0; i < count; i++)
                {
                    indices[i] = start + (i * _step);
                }

                return indices;
        }
    }

    /// <summary>
    /// Parses numpy-like text: <c>start:stop:step</c> with any part left out, an integer, or a bracketed list
    /// <c>[3,17,2]</c>.
    /// </summary>
    /// <param name="text">One dimension's text.</param>
    /// <returns>The selection.</returns>
    /// <exception cref="FormatException">The text is none of these.</exception>
    public static DimensionSelection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
        {
            string inner = trimmed[1..^1];
            long[] indices = inner.Trim().Length == 0 ? [] : inner.Split(',').Select(part => Integer(part, text)).ToArray();
            return Of(indices);
        }

        if (!trimmed.Contains(':', StringComparison.Ordinal))
        {
            return At(Integer(trimmed, text));
        }

        string[] parts = trimmed.Split(':');
        if (parts.Length > 3)
        {
            throw new FormatException($"'{text}' has more than two ':'; a slice is start:stop:step.");
        }

        long? Part(int i) => i < parts.Length && parts[i].Trim().Length > 0 ? Integer(parts[i], text) : null;
        long step = Part(2) ?? 1;
        if (step <= 0)
        {
            throw new FormatException($"'{text}' has step {step}; steps are positive.");
        }

        return Slice(Part(0), Part(1), step);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        SelectionKind.Index => _index.ToString(CultureInfo.InvariantCulture),
        SelectionKind.Indices => "[" + string.Join(",", _indices!) + "]",
        _ => $"{_start}:{_stop}" + (_step == 1 ? string.Empty : $":{_step}"),
    };

    private static long Integer(string part, string text) =>
        long.TryParse(part.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new FormatException($"'{part.Trim()}' in '{text}' is not an integer.");

    private static long Clamp(long bound, long extent) => bound < 0 ? Math.Max(0, extent + bound) : Math.Min(bound, extent);

    private static long Check(long index, long extent, int dimension)
    {
        long resolved = index < 0 ? extent + index : index;
        return resolved >= 0 && resolved < extent
            ? resolved
            : throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside dimension {dimension} of extent {extent}.");
    }
}

/// <summary>A selection of an array: one <see cref="DimensionSelection"/> per dimension.</summary>
public sealed class ZarrSelection
{
    private readonly DimensionSelection[] _dimensions;

    /// <summary>Creates a selection.</summary>
    /// <param name="dimensions">One per dimension of the array.</param>
    public ZarrSelection(params ReadOnlySpan<DimensionSelection> dimensions) => _dimensions = dimensions.ToArray();

    /// <summary>The per-dimension selections.</summary>
    public IReadOnlyList<DimensionSelection> Dimensions => _dimensions.AsReadOnly();

    /// <summary>Everything in an array of <paramref name="rank"/> dimensions.</summary>
    /// <param name="rank">The rank.</param>
    /// <returns>The selection.</returns>
    public static ZarrSelection All(int rank) => new([.. Enumerable.Repeat(DimensionSelection.All, rank)]);

    /// <summary>Parses numpy-like text, one item per dimension separated by commas (<c>0:10, 5, [3,17,2]</c>); an empty text selects everything.</summary>
    /// <param name="text">The text.</param>
    /// <param name="rank">The array's rank.</param>
    /// <returns>The selection.</returns>
    /// <exception cref="FormatException">An item is not valid, or there are more items than dimensions.</exception>
    public static ZarrSelection Parse(string text, int rank)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = new List<string>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                items.Add(text[start..i]);
                start = i + 1;
            }
        }

        // numpy allows a trailing comma ("1,"): the empty last item is no dimension.
        if (text[start..].Trim().Length > 0)
        {
            items.Add(text[start..]);
        }

        if (items.Count > rank)
        {
            throw new FormatException($"'{text}' selects {items.Count} dimensions; the array has {rank}.");
        }

        // Dimensions left out are taken whole, as in numpy.
        return new ZarrSelection([.. items.Select(DimensionSelection.Parse), .. Enumerable.Repeat(DimensionSelection.All, rank - items.Count)]);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", _dimensions.Select(d => d.ToString()));
}
