using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Zarr;

/// <summary>
/// A Zarr group (v2 <c>.zgroup</c>, v3 <c>zarr.json</c> of node type group): its attributes and members, enough to walk
/// a hierarchy. Listing members needs a store that lists (not HTTP).
/// </summary>
public sealed class ZarrGroup
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true }; // documents as zarr-python writes them, indented

    private ZarrGroup(IZarrStore store, string path, ZarrFormat format, JsonObject attributes)
    {
        Store = store;
        Path = path;
        Format = format;
        Attributes = attributes;
    }

    /// <summary>The store.</summary>
    public IZarrStore Store { get; }

    /// <summary>The group's path ("" for the root).</summary>
    public string Path { get; }

    /// <summary>The format.</summary>
    public ZarrFormat Format { get; }

    /// <summary>The user attributes.</summary>
    public JsonObject Attributes { get; }

    /// <summary>Opens the group at <paramref name="path"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The group's path; "" for the root.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ZarrFormatException">There is no group there, or its metadata is invalid.</exception>
    public static ZarrGroup Open(IZarrStore store, string path = "")
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(path);
        string root = path.Trim('/');
        if (store.Read(StoreKeys.Join(root, "zarr.json")) is byte[] v3)
        {
            JsonObject document = Parse(v3, StoreKeys.Join(root, "zarr.json"));
            if ((string?)document["node_type"] != "group")
            {
                throw new ZarrFormatException($"'{root}' holds a Zarr v3 {(string?)document["node_type"] ?? "node"}, not a group.");
            }

            return new ZarrGroup(store, root, ZarrFormat.V3, document["attributes"] as JsonObject ?? []);
        }

        if (store.Read(StoreKeys.Join(root, ".zgroup")) is byte[] v2)
        {
            Parse(v2, StoreKeys.Join(root, ".zgroup"));
            JsonObject attributes = store.Read(StoreKeys.Join(root, ".zattrs")) is byte[] attrs ? Parse(attrs, StoreKeys.Join(root, ".zattrs")) : [];
            return new ZarrGroup(store, root, ZarrFormat.V2, attributes);
        }

        throw new ZarrFormatException($"There is no Zarr group at '{root}': neither zarr.json nor .zgroup.");
    }

    /// <summary>Creates a group: writes its metadata (and attributes) at <paramref name="path"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The group's path.</param>
    /// <param name="format">The format.</param>
    /// <param name="attributes">User attributes, or null.</param>
    /// <returns>The group.</returns>
    public static ZarrGroup Create(IZarrStore store, string path, ZarrFormat format, JsonObject? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(path);
        string root = path.Trim('/');
        JsonObject attrs = (JsonObject?)attributes?.DeepClone() ?? [];
        if (format == ZarrFormat.V3)
        {
            var document = new JsonObject { ["zarr_format"] = 3, ["node_type"] = "group", ["attributes"] = attrs.DeepClone() };
            store.Write(StoreKeys.Join(root, "zarr.json"), Encoding.UTF8.GetBytes(document.ToJsonString(s_indented)));
        }
        else
        {
            store.Write(StoreKeys.Join(root, ".zgroup"), Encoding.UTF8.GetBytes(new JsonObject { ["zarr_format"] = 2 }.ToJsonString(s_indented)));
            if (attrs.Count > 0)
            {
                store.Write(StoreKeys.Join(root, ".zattrs"), Encoding.UTF8.GetBytes(attrs.ToJsonString(s_indented)));
            }
        }

        return new ZarrGroup(store, root, format, attrs);
    }

    /// <summary>The names of the arrays directly in this group, in ordinal order.</summary>
    /// <returns>The names.</returns>
    public IReadOnlyList<string> ArrayNames() => Members(isArray: true);

    /// <summary>The names of the groups directly in this group, in ordinal order.</summary>
    /// <returns>The names.</returns>
    public IReadOnlyList<string> GroupNames() => Members(isArray: false);

    /// <summary>Opens a member array.</summary>
    /// <param name="name">The member's name (or a '/'-separated path below this group).</param>
    /// <param name="options">Read and write options.</param>
    /// <returns>The array.</returns>
    public ZarrArray OpenArray(string name, ZarrArrayOptions? options = null) => ZarrArray.Open(Store, StoreKeys.Join(Path, name), options);

    /// <summary>Opens a member group.</summary>
    /// <param name="name">The member's name (or a '/'-separated path below this group).</param>
    /// <returns>The group.</returns>
    public ZarrGroup OpenGroup(string name) => Open(Store, StoreKeys.Join(Path, name));

    private string[] Members(bool isArray)
    {
        string prefix = Path.Length == 0 ? string.Empty : Path + "/";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string key in Store.List(prefix))
        {
            string[] rest = key[prefix.Length..].Split('/');
            if (rest.Length != 2)
            {
                continue;
            }

            string document = rest[1];
            if (Format == ZarrFormat.V2)
            {
                if (document == (isArray ? ".zarray" : ".zgroup"))
                {
                    names.Add(rest[0]);
                }
            }
            else if (document == "zarr.json" && Store.Read(key) is byte[] bytes && (string?)Parse(bytes, key)["node_type"] == (isArray ? "array" : "group"))
            {
                names.Add(rest[0]);
            }
        }

        return [.. names];
    }

    private static JsonObject Parse(byte[] bytes, string key)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new ZarrFormatException($"'{key}' is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ZarrFormatException($"'{key}' is not valid JSON: {e.Message}", e);
        }
    }
}
