using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tomlyn;

namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// Writes a parsed document in toml-test's tagged JSON: tables as objects, arrays as arrays, and every scalar as
/// <c>{"type": ..., "value": "..."}</c> with the value as a string. The decoder program and the conformance
/// tests both use it.
/// </summary>
internal static class TomlTaggedJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep non-ASCII text readable; the output is for test tools, not for embedding in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    /// <summary>Encodes <paramref name="table"/> as tagged JSON text.</summary>
    public static string Encode(TomlTable table)
    {
        using var stream = new MemoryStream();
        Write(stream, table);
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes <paramref name="table"/> as UTF-8 tagged JSON to <paramref name="utf8Json"/>.</summary>
    public static void Write(Stream utf8Json, TomlTable table)
    {
        using var writer = new Utf8JsonWriter(utf8Json, WriterOptions);
        WriteTable(writer, table);
    }

    private static void WriteTable(Utf8JsonWriter writer, TomlTable table)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in table)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case TomlTable table:
                WriteTable(writer, table);
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var element in array)
                {
                    WriteValue(writer, element);
                }

                writer.WriteEndArray();
                break;
            case string text:
                WriteScalar(writer, "string", text);
                break;
            case long integer:
                WriteScalar(writer, "integer", integer.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                WriteScalar(writer, "float", FormatFloat(number));
                break;
            case bool boolean:
                WriteScalar(writer, "bool", boolean ? "true" : "false");
                break;
            case TomlDateTime dateTime:
                WriteScalar(writer, DateTimeTypeName(dateTime.Kind), dateTime.ToString());
                break;
            default:
                throw new ArgumentException($"{value.GetType()} is not a TOML value type.", nameof(value));
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, string type, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }

    private static string FormatFloat(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string DateTimeTypeName(TomlDateTimeKind kind) => kind switch
    {
        TomlDateTimeKind.OffsetDateTimeByZ or TomlDateTimeKind.OffsetDateTimeByNumber => "datetime",
        TomlDateTimeKind.LocalDateTime => "datetime-local",
        TomlDateTimeKind.LocalDate => "date-local",
        _ => "time-local",
    };
}
