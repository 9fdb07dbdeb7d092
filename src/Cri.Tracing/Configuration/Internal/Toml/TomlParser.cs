using System.Text;
using System.Text.Unicode;

namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// Parses TOML 1.0.0 documents. Any malformed input ends in a <see cref="TomlException"/> that names the line
/// and column; no other exception escapes.
/// </summary>
internal static class TomlParser
{
    /// <summary>Parses a document held as text. A leading byte order mark is skipped.</summary>
    /// <param name="text">The document.</param>
    /// <param name="sourceName">A file path or other name to put in error messages, or <see langword="null"/>.</param>
    /// <returns>The root table.</returns>
    public static TomlTable Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlDocumentReader(text, sourceName).ReadDocument();
    }

    /// <summary>Parses a document held as UTF-8 bytes, as read from a file. A leading byte order mark is skipped.</summary>
    /// <param name="utf8">The document.</param>
    /// <param name="sourceName">A file path or other name to put in error messages, or <see langword="null"/>.</param>
    /// <returns>The root table.</returns>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string? sourceName = null)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new TomlException("the document is not valid UTF-8", sourceName, PositionOfFirstInvalidByte(utf8));
        }

        return new TomlDocumentReader(Encoding.UTF8.GetString(utf8), sourceName).ReadDocument();
    }

    // Error path only. Columns count UTF-16 code units, as they do in TomlDocumentReader.
    private static TomlPosition PositionOfFirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        var line = 1;
        var column = 1;
        while (Rune.DecodeFromUtf8(utf8, out var rune, out var length) == System.Buffers.OperationStatus.Done)
        {
            (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, column + rune.Utf16SequenceLength);
            utf8 = utf8[length..];
        }

        return new TomlPosition(line, column);
    }
}
