using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace NumCodecs.Tests.Fixtures;

/// <summary>A NumPy .npy file as the fixtures hold them: dtype string, shape and the raw C-order bytes.</summary>
internal sealed partial record NpyArray(string DType, int[] Shape, byte[] Data)
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Bytes per item, from the dtype string (<c>&lt;f4</c> is 4).</summary>
    public int ItemSize => int.Parse(DTypePattern().Match(DType).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    public static NpyArray Load(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (!file.AsSpan().StartsWith(Magic))
        {
            throw new InvalidDataException($"{path} is not a .npy file.");
        }

        int major = file[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        int headerStart = major == 1 ? 10 : 12;
        string header = Encoding.Latin1.GetString(file, headerStart, headerLength);
        Match match = HeaderPattern().Match(header);
        if (!match.Success || match.Groups["fortran"].Value != "False")
        {
            throw new InvalidDataException($"{path}: unsupported header {header}");
        }

        int[] shape = match.Groups["shape"].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        return new NpyArray(match.Groups["descr"].Value, shape, file[(headerStart + headerLength)..]);
    }

    [GeneratedRegex(@"'descr':\s*'(?<descr>[^']+)',\s*'fortran_order':\s*(?<fortran>True|False),\s*'shape':\s*\((?<shape>[^)]*)\)")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"(\d+)$")]
    private static partial Regex DTypePattern();
}
