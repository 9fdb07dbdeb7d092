using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// A TOML table. Keys keep document order and where they were defined. Values are <see cref="string"/>,
/// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="Tomlyn.TomlDateTime"/>,
/// <see cref="TomlArray"/> or <see cref="TomlTable"/>.
/// </summary>
internal sealed class TomlTable : IEnumerable<KeyValuePair<string, object>>
{
    private readonly OrderedDictionary<string, (object Value, TomlPosition Position)> entries = new(StringComparer.Ordinal);

    public int Count => this.entries.Count;

    /// <summary>Gets the keys in document order.</summary>
    public IEnumerable<string> Keys => this.entries.Keys;

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

    /// <summary>Adds a key unless the table already has it.</summary>
    internal bool TryAdd(string key, object value, TomlPosition position) => this.entries.TryAdd(key, (value, position));
}
