using System.Globalization;
using Cri.Tracing.Configuration.Internal.Toml;

namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// Typed, located reads from one table of a TOML file. A value of the wrong type is an error naming the file, the
/// line, the full key and the expected type, e.g.
/// <c>/etc/crio/crio.conf:41: crio.tracing.enable_tracing: expected a boolean, found string "yes"</c>.
/// </summary>
internal readonly struct TomlSection
{
    private readonly TomlTable table;
    private readonly string path;
    private readonly string file;

    private TomlSection(TomlTable table, string path, string file)
    {
        this.table = table;
        this.path = path;
        this.file = file;
    }

    /// <summary>Reads and parses a whole TOML file; invalid TOML is an error naming the file, line and column.</summary>
    public static TomlSection Load(string file)
    {
        var bytes = File.ReadAllBytes(file);
        try
        {
            return new TomlSection(TomlParser.Parse(bytes, file), string.Empty, file);
        }
        catch (TomlException exception)
        {
            throw new InvalidDataException(exception.Message, exception);
        }
    }

    public bool TryGetSection(string key, out TomlSection section)
    {
        section = default;
        if (!this.TryGet<TomlTable>(key, "a table", out var table, out _))
        {
            return false;
        }

        section = new TomlSection(table, this.FullKey(key), this.file);
        return true;
    }

    public bool TryGetBoolean(string key, out bool value, out string source) => this.TryGet(key, "a boolean", out value, out source);

    public bool TryGetString(string key, out string value, out string source) => this.TryGet(key, "a string", out value!, out source);

    public bool TryGetInt64(string key, out long value, out string source) => this.TryGet(key, "an integer", out value, out source);

    /// <summary>Reads a float; an integer is accepted too, as Go's TOML decoders accept one for a float field.</summary>
    public bool TryGetNumber(string key, out double value, out string source)
    {
        if (this.table.TryGetValue(key, out var raw) && raw is long integer)
        {
            value = integer;
            source = this.SourceOf(key);
            return true;
        }

        return this.TryGet(key, "a number", out value, out source);
    }

    /// <summary>Creates the error for a value of the right type that is still unacceptable.</summary>
    public InvalidDataException Error(string key, string reason)
        => new($"{this.SourceOf(key)}: {this.FullKey(key)}: {reason}");

    private static string Describe(object value) => value switch
    {
        string text => $"string {GoSyntax.Quote(text)}",
        long integer => $"integer {integer.ToString(CultureInfo.InvariantCulture)}",
        double number => $"float {number.ToString("R", CultureInfo.InvariantCulture)}",
        bool boolean => $"boolean {(boolean ? "true" : "false")}",
        Tomlyn.TomlDateTime dateTime => $"datetime {dateTime}",
        TomlArray => "an array",
        _ => "a table",
    };

    private static string FormatKey(string key)
        => key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? key : GoSyntax.Quote(key);

    private bool TryGet<T>(string key, string expected, out T value, out string source)
    {
        value = default!;
        source = string.Empty;
        if (!this.table.TryGetValue(key, out var raw))
        {
            return false;
        }

        if (raw is not T typed)
        {
            throw this.Error(key, $"expected {expected}, found {Describe(raw)}");
        }

        value = typed;
        source = this.SourceOf(key);
        return true;
    }

    private string SourceOf(string key)
        => string.Create(CultureInfo.InvariantCulture, $"{this.file}:{this.table.GetPosition(key).Line}");

    private string FullKey(string key) => this.path.Length == 0 ? FormatKey(key) : $"{this.path}.{FormatKey(key)}";
}
