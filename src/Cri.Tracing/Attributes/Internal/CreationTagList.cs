using System.Collections;

namespace Cri.Tracing.Attributes.Internal;

/// <summary>
/// A span's creation attributes: its method's, then what its request carries. Passed to
/// <c>StartActivity</c>, they become the span's first attributes without the lock that each
/// <c>Activity.AddTag</c> takes afterwards. One list per thread is reused, so a call allocates
/// neither a list nor the enumerator an array would box. Samplers see it as the span's creation
/// attributes for their decision only, as OpenTelemetry's sampler contract has it: once the span
/// has copied them the list is emptied for the next call.
/// </summary>
internal sealed class CreationTagList : IEnumerable<KeyValuePair<string, object?>>, IEnumerator<KeyValuePair<string, object?>>
{
    // A known method and its endpoint give at most 6 attributes (both conventions), a request at most 6.
    private const int InitialCapacity = 12;
    private const int NotEnumerating = -2;

    [ThreadStatic]
    private static CreationTagList? free;

    private KeyValuePair<string, object?>[] items = new KeyValuePair<string, object?>[InitialCapacity];
    private int count;
    private int index = NotEnumerating;

    /// <inheritdoc/>
    public KeyValuePair<string, object?> Current => this.items[this.index];

    object IEnumerator.Current => this.Current;

    /// <summary>Takes this thread's list (a new one while it is in use), starting with the given attributes.</summary>
    public static CreationTagList Rent(KeyValuePair<string, object?>[] first)
    {
        var list = free ?? new CreationTagList();
        free = null;
        foreach (var tag in first)
        {
            list.Add(tag.Key, tag.Value);
        }

        return list;
    }

    /// <summary>Empties the list and gives it back to this thread, once the span has copied it.</summary>
    public void Return()
    {
        Array.Clear(this.items, 0, this.count);
        this.count = 0;
        this.index = NotEnumerating;
        free = this;
    }

    /// <summary>Appends an attribute.</summary>
    public void Add(string key, object? value)
    {
        if (this.count == this.items.Length)
        {
            Array.Resize(ref this.items, this.count * 2);
        }

        this.items[this.count++] = new(key, value);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        if (this.index != NotEnumerating)
        {
            // Enumerated again inside an enumeration (a sampler's, say): a separate enumerator.
            return new ArraySegment<KeyValuePair<string, object?>>(this.items, 0, this.count).GetEnumerator();
        }

        this.index = -1;
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => this.GetEnumerator();

    /// <inheritdoc/>
    public bool MoveNext() => ++this.index < this.count;

    /// <inheritdoc/>
    public void Reset() => this.index = -1;

    /// <inheritdoc/>
    public void Dispose() => this.index = NotEnumerating;
}
