using System.Text.Json;
using Cri.Tracing.Configuration.Internal.Toml;

namespace Cri.Tracing.Tests.Configuration.Toml;

/// <summary>Runs every toml-test 1.0.0 case in process, one test case per file.</summary>
public sealed class TomlConformanceTests
{
    [Fact]
    public void Suite_has_all_cases_of_the_copied_list()
    {
        TomlTestSuite.PathOf(string.Empty);
        Assert.Equal(210, TomlTestSuite.ValidCases.Count);
        Assert.Equal(499, TomlTestSuite.InvalidCases.Count);
    }

    [Theory]
    [MemberData(nameof(TomlTestSuite.ValidCases), MemberType = typeof(TomlTestSuite))]
    public void Valid_document_decodes_to_the_expected_tagged_json(string file)
    {
        var path = TomlTestSuite.PathOf(file);
        var json = TomlTaggedJson.Encode(TomlParser.Parse(File.ReadAllBytes(path), file));

        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(path, ".json")));
        using var actual = JsonDocument.Parse(json);
        var difference = TaggedJsonComparer.FindDifference(expected.RootElement, actual.RootElement);
        Assert.True(difference is null, $"{difference}\nDecoded:\n{json}");
    }

    [Theory]
    [MemberData(nameof(TomlTestSuite.InvalidCases), MemberType = typeof(TomlTestSuite))]
    public void Invalid_document_is_rejected_with_its_location(string file)
    {
        var bytes = File.ReadAllBytes(TomlTestSuite.PathOf(file));

        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(bytes, file));

        Assert.StartsWith($"{file}:{error.Line}:{error.Column}: ", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 1, bytes.Count(b => b == '\n') + 1);
        Assert.True(error.Column >= 1, error.Message);
    }
}
