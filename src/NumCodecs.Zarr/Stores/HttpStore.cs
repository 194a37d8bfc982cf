using System.Net;
using System.Net.Http.Headers;
using NumCodecs.IO;

namespace NumCodecs.Zarr.Stores;

/// <summary>
/// A read-only store over HTTP(S): key <c>k</c> is the URL <c>base/k</c>. Whole values are GETs; byte ranges are
/// <c>Range</c> requests (<c>bytes=a-b</c>), suffixes <c>bytes=-n</c>, so a shard's end index is one request. A 404 is a
/// missing key. A server that ignores <c>Range</c> (200 with the whole value) is handled by keeping that value for the
/// source's later reads; a 206 whose <c>Content-Range</c> or length is not what was asked is an error.
/// </summary>
public sealed class HttpStore : IZarrStore, IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly Uri _base;

    /// <summary>Creates a store at <paramref name="baseUri"/>.</summary>
    /// <param name="baseUri">The URL the keys are relative to (a trailing '/' is added when missing).</param>
    /// <param name="client">The client to send requests with; null for a new one, disposed with the store.</param>
    public HttpStore(Uri baseUri, HttpClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        if (baseUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"An HTTP store needs an http or https URL, not {baseUri}.", nameof(baseUri));
        }

        _base = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _client = client ?? new HttpClient();
        _ownsClient = client is null;
    }

    /// <summary>Always <see langword="true"/>.</summary>
    public bool IsReadOnly => true;

    /// <summary>Requests sent.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Body bytes received.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytes);

    private long _requests;
    private long _bytes;

    /// <inheritdoc/>
    public byte[]? Read(string key)
    {
        using HttpResponseMessage response = Send(new HttpRequestMessage(HttpMethod.Get, UriOf(key)));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Check(response, key);
        using Stream body = response.Content.ReadAsStream();
        using var memory = new MemoryStream();
        body.CopyTo(memory);
        Interlocked.Add(ref _bytes, memory.Length);
        return memory.ToArray();
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, UriOf(key)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Check(response, key);
        byte[] value = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _bytes, value.Length);
        return value;
    }

    /// <inheritdoc/>
    /// <remarks>No request is made here; a key found missing at the first read throws <see cref="StoreKeyNotFoundException"/>.</remarks>
    public IByteRangeSource? OpenRange(string key) => new RangeSource(this, key, UriOf(key));

    /// <summary>HTTP cannot list: always empty.</summary>
    /// <param name="prefix">Ignored.</param>
    /// <returns>No keys.</returns>
    public IEnumerable<string> List(string prefix = "") => [];

    /// <inheritdoc/>
    public void Write(string key, ReadOnlySpan<byte> value) => throw ReadOnly();

    /// <inheritdoc/>
    public ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) => throw ReadOnly();

    /// <inheritdoc/>
    public bool Delete(string key) => throw ReadOnly();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private static NotSupportedException ReadOnly() => new("An HTTP store is read-only.");

    private Uri UriOf(string key)
    {
        StoreKeys.Validate(key);
        return new Uri(_base, string.Join('/', key.Split('/').Select(Uri.EscapeDataString)));
    }

    private HttpResponseMessage Send(HttpRequestMessage request)
    {
        Interlocked.Increment(ref _requests);
        using (request)
        {
            return _client.Send(request, HttpCompletionOption.ResponseHeadersRead);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        using (request)
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Check(HttpResponseMessage response, string key)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"GET of '{key}' ({response.RequestMessage?.RequestUri}) answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }

    /// <summary>One key read by range.</summary>
    private sealed class RangeSource(HttpStore store, string key, Uri uri) : IByteRangeSource
    {
        private long _length = -1;   // learnt from a Content-Range total or a whole body
        private byte[]? _whole;      // the value, when the server sent all of it

        public bool TryGetLength(out long length)
        {
            length = Volatile.Read(ref _length);
            return length >= 0;
        }

        // The URL: an HTTP store is read-only, so its values are taken not to change while a cache holds them.
        public object? CacheKey => uri;

        public int Read(long offset, Span<byte> destination)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(offset);
            if (destination.IsEmpty)
            {
                return 0;
            }

            if (Served(offset, destination, out int served))
            {
                return served;
            }

            using HttpResponseMessage response = store.Send(Ranged(offset, destination.Length));
            using Stream body = response.Content.ReadAsStream();
            return Take(response, ReadBody(body, response, destination.Length), offset, destination);
        }

        public async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(offset);
            if (destination.IsEmpty)
            {
                return 0;
            }

            if (Served(offset, destination.Span, out int served))
            {
                return served;
            }

            using HttpResponseMessage response = await store.SendAsync(Ranged(offset, destination.Length), cancellationToken).ConfigureAwait(false);
            byte[] bytes = await ReadBodyAsync(response, destination.Length, cancellationToken).ConfigureAwait(false);
            return Take(response, bytes, offset, destination.Span);
        }

        public SuffixRead ReadSuffix(Span<byte> destination)
        {
            if (_whole is byte[] whole)
            {
                return Suffix(whole, destination);
            }

            using HttpResponseMessage response = store.Send(SuffixRequest(destination.Length));
            using Stream body = response.Content.ReadAsStream();
            return TakeSuffix(response, ReadBody(body, response, destination.Length), destination);
        }

        public async ValueTask<SuffixRead> ReadSuffixAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            if (_whole is byte[] whole)
            {
                return Suffix(whole, destination.Span);
            }

            using HttpResponseMessage response = await store.SendAsync(SuffixRequest(destination.Length), cancellationToken).ConfigureAwait(false);
            byte[] bytes = await ReadBodyAsync(response, destination.Length, cancellationToken).ConfigureAwait(false);
            return TakeSuffix(response, bytes, destination.Span);
        }

        private static SuffixRead Suffix(byte[] whole, Span<byte> destination)
        {
            int count = Math.Min(destination.Length, whole.Length);
            whole.AsSpan(whole.Length - count).CopyTo(destination);
            return new SuffixRead(count, whole.Length);
        }

        private bool Served(long offset, Span<byte> destination, out int served)
        {
            served = 0;
            if (_whole is not byte[] whole)
            {
                return false;
            }

            if (offset < whole.Length)
            {
                served = (int)Math.Min(destination.Length, whole.Length - offset);
                whole.AsSpan((int)offset, served).CopyTo(destination);
            }

            return true;
        }

        private HttpRequestMessage Ranged(long offset, int length)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Range = new RangeHeaderValue(offset, offset + length - 1);
            return request;
        }

        private HttpRequestMessage SuffixRequest(int length)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Range = new RangeHeaderValue(null, length);
            return request;
        }

        /// <summary>
        /// The body of a range response, read up to what a 206 may carry (the requested length) so that a server
        /// sending more cannot make the reader allocate by its whim; a 200 body is the whole value, read in full.
        /// </summary>
        private static byte[] ReadBody(Stream body, HttpResponseMessage response, int requested)
        {
            if (response.StatusCode != HttpStatusCode.PartialContent)
            {
                using var all = new MemoryStream();
                body.CopyTo(all);
                return all.ToArray();
            }

            var buffer = new byte[requested + 1]; // one more than allowed, to see a server that sends too much
            int total = 0;
            int read;
            while (total < buffer.Length && (read = body.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            return buffer[..total];
        }

        /// <summary>The asynchronous form of <see cref="ReadBody"/>: a 206 body is read up to one byte more than asked.</summary>
        private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, int requested, CancellationToken cancellationToken)
        {
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                if (response.StatusCode != HttpStatusCode.PartialContent)
                {
                    using var all = new MemoryStream();
                    await body.CopyToAsync(all, cancellationToken).ConfigureAwait(false);
                    return all.ToArray();
                }

                var buffer = new byte[requested + 1];
                int total = 0;
                int read;
                while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return buffer[..total];
            }
        }

        private int Take(HttpResponseMessage response, byte[] bytes, long offset, Span<byte> destination)
        {
            Interlocked.Add(ref store._bytes, bytes.Length);
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    throw new StoreKeyNotFoundException(key);
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    LearnLength(response.Content.Headers.ContentRange?.Length);
                    return 0; // the offset is at or past the end
                case HttpStatusCode.OK:
                    // The server ignored Range and sent everything: keep it, serve this read and the later ones from it.
                    Interlocked.CompareExchange(ref _whole, bytes, null);
                    Volatile.Write(ref _length, bytes.Length);
                    Served(offset, destination, out int served);
                    return served;
                case HttpStatusCode.PartialContent:
                    ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
                    if (range?.From != offset || bytes.Length > destination.Length || range.To - range.From + 1 != bytes.Length)
                    {
                        throw new IOException(
                            $"The server answered the range {offset}-{offset + destination.Length - 1} of '{key}' with " +
                            $"{range?.ToString() ?? "no Content-Range"} and {bytes.Length} bytes.");
                    }

                    LearnLength(range.Length);
                    bytes.CopyTo(destination);
                    return bytes.Length;
                default:
                    Check(response, key);
                    throw new IOException($"GET of a range of '{key}' answered {(int)response.StatusCode}.");
            }
        }

        private SuffixRead TakeSuffix(HttpResponseMessage response, byte[] bytes, Span<byte> destination)
        {
            Interlocked.Add(ref store._bytes, bytes.Length);
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    throw new StoreKeyNotFoundException(key);
                case HttpStatusCode.OK:
                    Interlocked.CompareExchange(ref _whole, bytes, null);
                    Volatile.Write(ref _length, bytes.Length);
                    return Suffix(bytes, destination);
                case HttpStatusCode.PartialContent:
                    ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
                    if (range?.Length is not long total || range.To != total - 1 || bytes.Length > destination.Length ||
                        range.To - range.From + 1 != bytes.Length)
                    {
                        throw new IOException(
                            $"The server answered the last {destination.Length} bytes of '{key}' with {range?.ToString() ?? "no Content-Range"} and {bytes.Length} bytes.");
                    }

                    LearnLength(total);
                    bytes.CopyTo(destination);
                    return new SuffixRead(bytes.Length, total);
                default:
                    Check(response, key);
                    throw new IOException($"GET of the end of '{key}' answered {(int)response.StatusCode}.");
            }
        }

        private void LearnLength(long? length)
        {
            if (length is long known && known >= 0)
            {
                Volatile.Write(ref _length, known);
            }
        }
    }
}

/// <summary>A key a byte-range source reads turned out to be missing (an HTTP 404 at the first ranged read).</summary>
public sealed class StoreKeyNotFoundException : IOException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public StoreKeyNotFoundException()
    {
    }

    /// <summary>Creates an exception naming the key.</summary>
    /// <param name="key">The missing key.</param>
    public StoreKeyNotFoundException(string key)
        : base($"The store has no value under '{key}'.") => Key = key;

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public StoreKeyNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The missing key, when known.</summary>
    public string? Key { get; }
}
