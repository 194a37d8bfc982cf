using System.Runtime.InteropServices;
using NumCodecs.Native;

namespace NumCodecs;

/// <summary>
/// Versions of the C libraries compiled into libnumcodecs_native, as the library itself reports them at run time.
/// </summary>
public static class NativeLibraryInfo
{
    /// <summary>c-blosc's version (<c>blosc_get_version_string</c>), for example <c>1.21.3</c>.</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static unsafe string BloscVersion => ReadString(Interop.Blosc.blosc_get_version_string());

    /// <summary>zstd's version (<c>ZSTD_versionString</c>), for example <c>1.5.4</c>.</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static unsafe string ZstdVersion => ReadString(Interop.Zstd.ZSTD_versionString());

    /// <summary>zstd's version number (<c>ZSTD_versionNumber</c>: major * 10000 + minor * 100 + release).</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static int ZstdVersionNumber => checked((int)Interop.Zstd.ZSTD_versionNumber());

    /// <summary>lz4's version (<c>LZ4_versionString</c>), for example <c>1.9.4</c>.</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static unsafe string Lz4Version => ReadString(Interop.Lz4.LZ4_versionString());

    /// <summary>lz4's version number (<c>LZ4_versionNumber</c>: major * 10000 + minor * 100 + release).</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static int Lz4VersionNumber => Interop.Lz4.LZ4_versionNumber();

    /// <summary>zlib's version (<c>zlibVersion</c>), for example <c>1.2.13</c>.</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static unsafe string ZlibVersion => ReadString(Interop.Zlib.zlibVersion());

    /// <summary>bzip2's version (<c>BZ2_bzlibVersion</c>), for example <c>1.0.8, 13-Jul-2019</c>.</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static unsafe string Bzip2Version => ReadString(Interop.Bzip2.BZ2_bzlibVersion());

    /// <summary>liblzma's version (<c>lzma_version_string</c>), for example <c>5.4.1</c>.</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static unsafe string XzVersion => ReadString(Interop.Lzma.lzma_version_string());

    /// <summary>liblzma's version number (<c>lzma_version_number</c>: major * 10000000 + minor * 10000 + patch * 10 + stability).</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static long XzVersionNumber => Interop.Lzma.lzma_version_number();

    /// <summary>libdeflate's version (the decoder of zlib and gzip data), for example <c>1.14</c>.</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static unsafe string LibdeflateVersion => ReadString(Interop.Libdeflate.numcodecs_libdeflate_version_string());

    /// <summary>The compressors compiled into c-blosc (<c>blosc_list_compressors</c>), in c-blosc's order.</summary>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static unsafe IReadOnlyList<string> BloscCompressors =>
        ReadString(Interop.Blosc.blosc_list_compressors()).Split(',', StringSplitOptions.TrimEntries);

    /// <summary>Full path of the native library file in use (loading it if no native call was made yet).</summary>
    /// <remarks>
    /// When the library was not at one of the paths NumCodecs probes but the runtime's own probing found it (a
    /// single-file app's extraction folder, a <c>deps.json</c> native asset), this is the file the process mapped, or
    /// <c>runtime probing: </c> and the name the runtime was given on a platform that does not list a process's modules.
    /// </remarks>
    /// <exception cref="DllNotFoundException">The native library cannot be loaded; the message lists every path tried.</exception>
    public static string LibraryPath
    {
        get
        {
            NativeLibraryLoader.EnsureLoaded();
            return NativeLibraryLoader.LoadedPath!;
        }
    }

    private static unsafe string ReadString(byte* text) => Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
}
