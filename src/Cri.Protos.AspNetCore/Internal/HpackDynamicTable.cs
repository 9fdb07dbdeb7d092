namespace Cri.Protos.Internal;

/// <summary>
/// HPACK's dynamic table (RFC 7541, 2.3.2 and 4): newest entry first, each entry counted as its
/// name and value lengths plus 32, oldest entries evicted to stay within the maximum size.
/// </summary>
internal sealed class HpackDynamicTable
{
    public const int EntryOverhead = 32;

    // Newest first. At most MaxSize / 32 entries (128 for 4096), so inserting at the front is cheap,
    // and a connection that never indexes anything allocates no room for entries.
    private readonly List<(byte[] Name, byte[] Value)> entries = [];

    public HpackDynamicTable(int maxSizeLimit) => this.MaxSize = Math.Min(maxSizeLimit, 4096);

    public int Count => this.entries.Count;

    public int Size { get; private set; }

    public int MaxSize { get; private set; }

    /// <summary>The entry at <paramref name="index"/>, 0 being the newest.</summary>
    public (byte[] Name, byte[] Value) this[int index] => this.entries[index];

    /// <summary>Adds an entry, evicting as needed; an entry larger than the table empties it (RFC 7541, 4.4).</summary>
    public void Add(byte[] name, byte[] value)
    {
        var size = name.Length + value.Length + EntryOverhead;
        this.EvictTo(this.MaxSize - size);
        if (size <= this.MaxSize)
        {
            this.entries.Insert(0, (name, value));
            this.Size += size;
        }
    }

    public void Resize(int maxSize)
    {
        this.MaxSize = maxSize;
        this.EvictTo(maxSize);
    }

    private void EvictTo(int size)
    {
        while (this.entries.Count > 0 && this.Size > Math.Max(size, 0))
        {
            var (name, value) = this.entries[^1];
            this.entries.RemoveAt(this.entries.Count - 1);
            this.Size -= name.Length + value.Length + EntryOverhead;
        }
    }
}
