using System.Text.Json;
using Cri.Tracing.Configuration.Internal.Toml;

namespace Cri.Tracing.Tests.Configuration.Toml;

/// <summary>Runs every toml-test 1.0.0 case in process, one test case per file.</summary>
public sealed class TomlConformanceTests
{
    /// <summary>
    /// The invalid TOML 1.0.0 cases that Tomlyn accepts because TOML 1.1 made them valid: seconds may be left out
    /// of times, inline tables may span lines and end with a comma, and basic strings gain <c>\xHH</c> and
    /// <c>\e</c>. Go's BurntSushi/toml (CRI-O) reads TOML 1.1 by default since v1.6.0, so such a file works there too.
    /// </summary>
    public static readonly TheoryData<string> Toml11Cases =
    [
        "invalid/datetime/no-secs.toml",
        "invalid/local-datetime/no-secs.toml",
        "invalid/local-time/no-secs.toml",
        "invalid/inline-table/linebreak-01.toml",
        "invalid/inline-table/linebreak-02.toml",
        "invalid/inline-table/linebreak-03.toml",
        "invalid/inline-table/linebreak-04.toml",
        "invalid/inline-table/trailing-comma.toml",
        "invalid/string/basic-byte-escapes.toml",
    ];

    /// <summary>Gets the invalid cases that are still invalid in TOML 1.1.</summary>
    public static TheoryData<string> InvalidToml10Cases
        => [.. TomlTestSuite.InvalidCases.Select(row => row.Data).Except(Toml11Cases.Select(row => row.Data), StringComparer.Ordinal)];

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
    [MemberData(nameof(InvalidToml10Cases))]
    public void Invalid_document_is_rejected_with_its_location(string file)
    {
        var bytes = File.ReadAllBytes(TomlTestSuite.PathOf(file));

        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(bytes, file));

        Assert.StartsWith($"{file}:{error.Line}:{error.Column}: ", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 1, bytes.Count(b => b == '\n') + 1);
        Assert.True(error.Column >= 1, error.Message);
    }

    [Theory]
    [MemberData(nameof(Toml11Cases))]
    public void Toml_1_1_case_is_in_the_suite_and_accepted(string file)
        => Assert.NotEmpty(TomlParser.Parse(File.ReadAllBytes(TomlTestSuite.PathOf(file)), file));
}
