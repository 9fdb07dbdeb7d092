using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// A TOML table. Keys keep document order. Values are <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="TomlDateTime"/>, <see cref="TomlArray"/> or
/// <see cref="TomlTable"/>.
/// </summary>
internal sealed class TomlTable : IEnumerable<KeyValuePair<string, object>>
{
    private readonly OrderedDictionary<string, (object Value, TomlPosition Position)> entries = new(StringComparer.Ordinal);

    public TomlTable(string? sourceName, TomlPosition position, TomlTableKind kind)
    {
        this.SourceName = sourceName;
        this.Position = position;
        this.Kind = kind;
    }

    public int Count => this.entries.Count;

    /// <summary>Gets the keys in document order.</summary>
    public IEnumerable<string> Keys => this.entries.Keys;

    /// <summary>Gets where the table was defined: its header, its <c>{</c>, or the first key that created it.</summary>
    public TomlPosition Position { get; private set; }

    /// <summary>Gets the file path or other name the document was parsed under, if any.</summary>
    public string? SourceName { get; }

    /// <summary>Gets how the table was created; the parser uses it to enforce the redefinition rules.</summary>
    internal TomlTableKind Kind { get; private set; }

    public object this[string key] => this.entries.TryGetValue(key, out var entry)
        ? entry.Value
        : throw new KeyNotFoundException($"The TOML table has no key '{key}'.");

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        if (this.entries.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    public bool ContainsKey(string key) => this.entries.ContainsKey(key);

    /// <summary>Gets the line and column where <paramref name="key"/> was defined.</summary>
    public TomlPosition GetPosition(string key) => this.entries.TryGetValue(key, out var entry)
        ? entry.Position
        : throw new KeyNotFoundException($"The TOML table has no key '{key}'.");

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        foreach (var entry in this.entries)
        {
            yield return new KeyValuePair<string, object>(entry.Key, entry.Value.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => this.GetEnumerator();

    /// <summary>Adds a key; the parser has already rejected duplicates.</summary>
    internal void Add(string key, object value, TomlPosition position) => this.entries.Add(key, (value, position));

    /// <summary>Turns an implicitly created table into one defined by a header at <paramref name="position"/>.</summary>
    internal void DefineByHeader(TomlPosition position)
    {
        this.Kind = TomlTableKind.Header;
        this.Position = position;
    }

    /// <summary>Marks an implicitly created table as extended by dotted keys, after which no header may define it.</summary>
    internal void ExtendByDottedKey() => this.Kind = TomlTableKind.Dotted;

    /// <summary>Freezes an inline table once its <c>}</c> is read.</summary>
    internal void CloseInline() => this.Kind = TomlTableKind.Inline;
}
