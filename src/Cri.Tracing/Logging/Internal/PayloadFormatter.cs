using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Cri.Tracing.Logging.Internal;

/// <summary>
/// Compact proto3 JSON (camelCase names, defaults omitted, 64-bit integers quoted) of a CRI message
/// for payload events, with two rules Google.Protobuf's <c>JsonFormatter</c> lacks: fields marked
/// <c>[debug_redact = true]</c> (and <c>AuthConfig.username</c>, a credential the API leaves
/// unmarked) print as <c>"[REDACTED]"</c>, and output stops at a length bound while walking the
/// message, so a huge <c>ListContainers</c> response costs no more than the bound.
/// </summary>
internal static class PayloadFormatter
{
    public const string Redacted = "[REDACTED]";
    public const string TruncatedMarker = "...(truncated)";

    private const string UnmarkedCredential = "runtime.v1.AuthConfig.username";

    /// <summary>Formats a message within <paramref name="maxLength"/> characters.</summary>
    public static string Format(IMessage message, int maxLength)
    {
        var writer = new BoundedWriter(maxLength - TruncatedMarker.Length);
        WriteMessage(writer, message);
        return writer.Truncated ? writer.ToString() + TruncatedMarker : writer.ToString();
    }

    /// <summary>Whether a field holds a secret that must never be exported.</summary>
    public static bool IsRedacted(FieldDescriptor field)
        => field.GetOptions()?.DebugRedact == true || field.FullName == UnmarkedCredential;

    private static void WriteMessage(BoundedWriter writer, IMessage message)
    {
        writer.Append('{');
        var first = true;
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (writer.Truncated)
            {
                return;
            }

            if (!HasContent(field, message, out var value))
            {
                continue;
            }

            if (!first)
            {
                writer.Append(',');
            }

            first = false;
            writer.AppendQuoted(field.JsonName);
            writer.Append(':');
            if (IsRedacted(field))
            {
                writer.AppendQuoted(Redacted);
            }
            else if (field.IsMap)
            {
                WriteMap(writer, field, (IDictionary)value!);
            }
            else if (field.IsRepeated)
            {
                WriteList(writer, field, (IList)value!);
            }
            else
            {
                WriteValue(writer, field, value!);
            }
        }

        writer.Append('}');
    }

    private static bool HasContent(FieldDescriptor field, IMessage message, out object? value)
    {
        if (field.HasPresence && !field.Accessor.HasValue(message))
        {
            value = null;
            return false;
        }

        value = field.Accessor.GetValue(message);
        return value switch
        {
            null => false,
            _ when field.HasPresence => true,
            ICollection collection => collection.Count > 0,
            string text => text.Length > 0,
            ByteString bytes => bytes.Length > 0,
            bool flag => flag,
            Enum => Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0,
            IMessage => true,
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) != 0,
        };
    }

    private static void WriteList(BoundedWriter writer, FieldDescriptor field, IList values)
    {
        writer.Append('[');
        for (var i = 0; i < values.Count && !writer.Truncated; i++)
        {
            if (i > 0)
            {
                writer.Append(',');
            }

            WriteValue(writer, field, values[i]!);
        }

        writer.Append(']');
    }

    private static void WriteMap(BoundedWriter writer, FieldDescriptor field, IDictionary entries)
    {
        var valueField = field.MessageType.FindFieldByNumber(2);
        writer.Append('{');
        var first = true;
        foreach (DictionaryEntry entry in entries)
        {
            if (writer.Truncated)
            {
                return;
            }

            if (!first)
            {
                writer.Append(',');
            }

            first = false;
            writer.AppendQuoted(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
            writer.Append(':');
            WriteValue(writer, valueField, entry.Value!);
        }

        writer.Append('}');
    }

    private static void WriteValue(BoundedWriter writer, FieldDescriptor field, object value)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                WriteMessage(writer, (IMessage)value);
                break;
            case FieldType.String:
                writer.AppendQuoted((string)value);
                break;
            case FieldType.Bytes:
                writer.AppendQuoted(((ByteString)value).ToBase64());
                break;
            case FieldType.Bool:
                writer.Append((bool)value ? "true" : "false");
                break;
            case FieldType.Enum:
                var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                if (field.EnumType.FindValueByNumber(number) is { } enumValue)
                {
                    writer.AppendQuoted(enumValue.Name);
                }
                else
                {
                    writer.Append(number.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64:
                // proto3 JSON quotes 64-bit integers: JavaScript numbers cannot hold them.
                writer.AppendQuoted(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case FieldType.Float or FieldType.Double:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(real))
                {
                    writer.Append(real.ToString("R", CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.AppendQuoted(double.IsNaN(real) ? "NaN" : real > 0 ? "Infinity" : "-Infinity");
                }

                break;
            default:
                writer.Append(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
        }
    }

    /// <summary>A string builder that refuses to grow past its capacity and remembers that it had to.</summary>
    private sealed class BoundedWriter(int capacity)
    {
        private readonly StringBuilder builder = new(Math.Min(capacity, 256));

        public bool Truncated { get; private set; }

        public void Append(char c)
        {
            if (this.Reserve(1))
            {
                this.builder.Append(c);
            }
        }

        public void Append(string text)
        {
            if (this.Truncated)
            {
                return;
            }

            var room = capacity - this.builder.Length;
            if (text.Length <= room)
            {
                this.builder.Append(text);
                return;
            }

            this.builder.Append(text, 0, Math.Max(room, 0));
            this.Truncated = true;
        }

        public void AppendQuoted(string text)
        {
            this.Append('"');
            foreach (var c in text)
            {
                if (this.Truncated)
                {
                    return;
                }

                switch (c)
                {
                    case '"':
                        this.Append("\\\"");
                        break;
                    case '\\':
                        this.Append("\\\\");
                        break;
                    case '\n':
                        this.Append("\\n");
                        break;
                    case '\r':
                        this.Append("\\r");
                        break;
                    case '\t':
                        this.Append("\\t");
                        break;
                    case < ' ':
                        this.Append("\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        break;
                    default:
                        this.Append(c);
                        break;
                }
            }

            this.Append('"');
        }

        public override string ToString() => this.builder.ToString();

        private bool Reserve(int count)
        {
            if (this.Truncated || this.builder.Length + count > capacity)
            {
                this.Truncated = true;
                return false;
            }

            return true;
        }
    }
}
