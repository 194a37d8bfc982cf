using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NumCodecs.Cli;

/// <summary>NumPy's .npy format (versions 1.0 to 3.0): a header dict (descr, fortran_order, shape) and the elements.</summary>
internal static partial class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes a C-order array: version 1.0, header padded to 64 bytes as numpy does.</summary>
    public static byte[] Write(DType dtype, IReadOnlyList<long> shape, ReadOnlySpan<byte> data)
    {
        string shapeText = shape.Count switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape) + ")",
        };
        string dict = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int unpadded = 10 + dict.Length + 1;
        int padding = (64 - (unpadded % 64)) % 64;
        string header = dict + new string(' ', padding) + "\n";
        var file = new byte[10 + header.Length + data.Length];
        Magic.CopyTo(file);
        file[6] = 1;
        file[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header, file.AsSpan(10));
        data.CopyTo(file.AsSpan(10 + header.Length));
        return file;
    }

    /// <summary>Reads a .npy file: its dtype, shape and C-order elements.</summary>
    public static (DType DType, long[] Shape, byte[] Data) Read(byte[] file)
    {
        if (file.Length < 10 || !file.AsSpan().StartsWith(Magic))
        {
            throw new CliUsageException("The input is not a .npy file (no \\x93NUMPY magic).");
        }

        int major = file[6];
        int headerStart = major == 1 ? 10 : 12;
        if (major is < 1 or > 3)
        {
            throw new CliUsageException($"The .npy file has format version {major}; versions 1 to 3 are read.");
        }

        if (file.Length < headerStart)
        {
            throw new CliUsageException("The .npy file ends inside its header.");
        }

        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)) : BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        if (headerStart + headerLength > file.Length)
        {
            throw new CliUsageException("The .npy file ends inside its header.");
        }

        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(file, headerStart, (int)headerLength);
        Match match = HeaderPattern().Match(header);
        if (!match.Success)
        {
            throw new CliUsageException($"The .npy header is not one this tool reads: {header.Trim()}");
        }

        if (match.Groups["fortran"].Value == "True")
        {
            throw new CliUsageException("The .npy file is in Fortran order; save it in C order (numpy.ascontiguousarray).");
        }

        DType dtype = DType.TryParse(match.Groups["descr"].Value, out DType? parsed)
            ? parsed
            : throw new CliUsageException($"The .npy dtype '{match.Groups["descr"].Value}' is not a plain numpy type string.");
        long[] shape = [.. match.Groups["shape"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long extent) ? extent : throw new CliUsageException($"The .npy shape has '{text}'."))];
        if (dtype.ItemSize == 0)
        {
            throw new CliUsageException($"The .npy dtype '{dtype}' has items of no bytes.");
        }

        byte[] data = file[(int)(headerStart + headerLength)..];
        long count = 1;
        foreach (long extent in shape)
        {
            count = extent == 0 || count == 0 ? 0 : (count > data.Length / extent ? long.MaxValue : count * extent); // no overflow past the data
        }

        if (count == long.MaxValue || count * dtype.ItemSize != data.Length)
        {
            throw new CliUsageException($"The .npy file holds {data.Length} bytes of data; shape ({string.Join(", ", shape)}) of {dtype} needs {count * dtype.ItemSize}.");
        }

        return (dtype, shape, data);
    }

    [GeneratedRegex(@"'descr':\s*'(?<descr>[^']+)',\s*'fortran_order':\s*(?<fortran>True|False),\s*'shape':\s*\((?<shape>[^)]*)\)")]
    private static partial Regex HeaderPattern();
}
