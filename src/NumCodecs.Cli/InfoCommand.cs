using System.Buffers.Binary;
using System.Globalization;
using NumCodecs.Blosc;

namespace NumCodecs.Cli;

/// <summary><c>numcodecs info FILE</c>: what a file holds, as far as its format tells.</summary>
internal static class InfoCommand
{
    private const uint ZstdMagic = 0xFD2FB528;
    private const uint ZstdSkippableMask = 0xFFFFFFF0;
    private const uint ZstdSkippableMagic = 0x184D2A50;

    public static int Run(string path, TextWriter output)
    {
        byte[] data = File.ReadAllBytes(path);
        if (data.Length >= 4 && (BinaryPrimitives.ReadUInt32LittleEndian(data) == ZstdMagic ||
            (BinaryPrimitives.ReadUInt32LittleEndian(data) & ZstdSkippableMask) == ZstdSkippableMagic))
        {
            return Zstd(data, output);
        }

        if (data.Length >= 10 && data[0] == 0x1f && data[1] == 0x8b)
        {
            return GZip(data, output);
        }

        if (BloscHeader.TryRead(data, out BloscHeader header))
        {
            return Blosc(data, header, output);
        }

        if (data.Length >= 2 && (data[0] & 0x0f) == 8 && ((data[0] << 8) | data[1]) % 31 == 0)
        {
            return Zlib(data, output);
        }

        throw new CorruptDataException($"{path} is not a Blosc chunk, zstd frame, gzip member or zlib stream that this tool recognises.");
    }

    private static int Blosc(byte[] data, BloscHeader header, TextWriter output)
    {
        output.WriteLine("format:      Blosc 1.x chunk");
        output.WriteLine($"version:     {header.Version} (compressor format {header.VersionLz})");
        output.WriteLine($"compressor:  {header.CompressorLibrary}");
        output.WriteLine($"flags:       0x{header.Flags:x2} (shuffle {header.Shuffle}{(header.IsMemcpyed ? ", memcpyed" : string.Empty)}{(header.IsDontSplit ? ", blocks not split" : string.Empty)})");
        output.WriteLine($"typesize:    {header.TypeSize} bytes");
        output.WriteLine($"nbytes:      {header.UncompressedLength} bytes");
        output.WriteLine($"cbytes:      {header.CompressedLength} bytes (ratio {Ratio(header.UncompressedLength, header.CompressedLength)})");
        output.WriteLine($"blocksize:   {header.BlockSize} bytes");
        output.WriteLine($"blocks:      {header.BlockCount} (last one {header.LastBlockLength} bytes)");
        if (header.CompressedLength > data.Length)
        {
            throw new CorruptDataException($"The header records cbytes {header.CompressedLength}, but the file holds {data.Length} bytes (truncated chunk).");
        }

        if (header.BlockCount > 0 && !header.IsMemcpyed)
        {
            BloscChunkLayout layout = BloscChunkLayout.Read(data);
            int[] lengths = Enumerable.Range(0, layout.BlockCount).Select(b => layout.GetCompressedRange(b).Length).ToArray();
            int[] starts = Enumerable.Range(0, layout.BlockCount).Select(b => layout.GetCompressedRange(b).Offset).ToArray();
            bool ordered = starts.Zip(starts.Skip(1)).All(p => p.First < p.Second);
            output.WriteLine(
                $"block table: {layout.BlockCount} starts from offset {starts.Min()}, {(ordered ? "in order" : "out of order (multi-threaded compression)")}; " +
                $"compressed block bytes min {lengths.Min()}, mean {lengths.Average().ToString("F0", CultureInfo.InvariantCulture)}, max {lengths.Max()}");
        }

        return CliErrors.Ok;
    }

    private static int Zstd(byte[] data, TextWriter output)
    {
        var codec = new ZstdCodec();
        output.WriteLine("format:      zstd frame(s)");
        output.WriteLine($"compressed:  {data.Length} bytes");
        output.WriteLine(codec.TryGetDecodedLength(data, out int length)
            ? $"decoded:     {length} bytes (ratio {Ratio(length, data.Length)})"
            : "decoded:     unknown (a frame was written without its content size)");
        if ((BinaryPrimitives.ReadUInt32LittleEndian(data) & ZstdSkippableMask) != ZstdSkippableMagic && data.Length >= 5)
        {
            output.WriteLine($"checksum:    {((data[4] & 0x04) != 0 ? "yes" : "no")} (first frame)");
        }

        return CliErrors.Ok;
    }

    private static int GZip(byte[] data, TextWriter output)
    {
        output.WriteLine("format:      gzip member(s)");
        output.WriteLine($"compressed:  {data.Length} bytes");
        output.WriteLine($"mtime:       {BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4))}");
        output.WriteLine($"xfl, os:     {data[8]}, {data[9]}");
        if (data.Length >= 18)
        {
            output.WriteLine($"isize:       {BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - 4))} bytes (decoded length mod 2^32, last member)");
        }

        return CliErrors.Ok;
    }

    private static int Zlib(byte[] data, TextWriter output)
    {
        output.WriteLine("format:      zlib stream");
        output.WriteLine($"compressed:  {data.Length} bytes");
        output.WriteLine($"window:      {1 << ((data[0] >> 4) + 8)} bytes");
        output.WriteLine($"level hint:  {(data[1] >> 6) switch { 0 => "fastest", 1 => "fast", 2 => "default", _ => "maximum" }}");
        return CliErrors.Ok;
    }

    private static string Ratio(long decoded, long encoded) =>
        encoded == 0 ? "-" : ((double)decoded / encoded).ToString("F2", CultureInfo.InvariantCulture);
}
