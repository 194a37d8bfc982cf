namespace NumCodecs.Native;

internal static partial class Interop
{
    /// <summary>Names of the native libraries the declarations bind to.</summary>
    internal static class Libraries
    {
        /// <summary>
        /// The single native library (c-blosc, zstd, lz4, zlib), resolved by <see cref="NativeLibraryLoader"/> to
        /// <c>runtimes/&lt;rid&gt;/native/libnumcodecs_native.so</c> (or .dylib, .dll).
        /// </summary>
        internal const string Native = "numcodecs_native";
    }
}
