using System.Collections;

namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// A TOML array: either a literal <c>[ ... ]</c> value or an array of tables built by <c>[[name]]</c> headers.
/// Elements are <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="Tomlyn.TomlDateTime"/>, <see cref="TomlArray"/> or <see cref="TomlTable"/>.
/// </summary>
internal sealed class TomlArray : IReadOnlyList<object>
{
    private readonly List<object> items = [];

    public int Count => this.items.Count;

    public object this[int index] => this.items[index];

    public IEnumerator<object> GetEnumerator() => this.items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => this.GetEnumerator();

    internal void Add(object value) => this.items.Add(value);
}
