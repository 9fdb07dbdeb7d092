// toml-test's decoder interface: TOML bytes on stdin, tagged JSON on stdout; invalid TOML exits 1 with the
// error on stderr. Parsing is Cri.Tracing's adapter over Tomlyn's strict parser, so this tests what the
// configuration providers read.

using Cri.Tracing.Configuration.Internal.Toml;
using var input = new MemoryStream();
using var output = Console.OpenStandardOutput();
using (var stdin = Console.OpenStandardInput())
{
    stdin.CopyTo(input);
}

TomlTable document;
try
{
    document = TomlParser.Parse(input.GetBuffer().AsSpan(0, (int)input.Length), "stdin");
}
catch (TomlException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

TomlTaggedJson.Write(output, document);
output.WriteByte((byte)'\n');
return 0;
