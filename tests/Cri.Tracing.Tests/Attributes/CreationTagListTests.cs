using Cri.Tracing.Attributes.Internal;

namespace Cri.Tracing.Tests.Attributes;

/// <summary>
/// The per-thread list a span starts with: its enumerations must each see every attribute, even
/// nested (a sampler enumerating while the Activity copies), and a list still in use is never handed out again.
/// </summary>
public sealed class CreationTagListTests
{
    private static readonly KeyValuePair<string, object?>[] MethodTags = [new("rpc.system.name", "grpc"), new("rpc.method", "runtime.v1.RuntimeService/Version")];

    [Fact]
    public void Enumerates_the_method_tags_then_the_added_ones_every_time()
    {
        var list = CreationTagList.Rent(MethodTags);
        list.Add("k8s.pod.name", "web");

        KeyValuePair<string, object?>[] expected = [.. MethodTags, new("k8s.pod.name", "web")];
        Assert.Equal(expected, list.ToArray());
        Assert.Equal(expected, list.ToArray());
        list.Return();
    }

    [Fact]
    public void An_enumeration_inside_an_enumeration_sees_every_attribute()
    {
        var list = CreationTagList.Rent(MethodTags);
        var seen = new List<(string Outer, int Inner)>();
        foreach (var outer in list)
        {
            seen.Add((outer.Key, list.ToArray().Length));
        }

        Assert.Equal([("rpc.system.name", 2), ("rpc.method", 2)], seen);
        list.Return();
    }

    [Fact]
    public void A_returned_list_comes_back_empty_and_one_in_use_is_not_handed_out()
    {
        var first = CreationTagList.Rent(MethodTags);
        var second = CreationTagList.Rent([]);
        Assert.NotSame(first, second);
        second.Return();
        first.Add("k8s.pod.uid", "u1");
        first.Return();

        var again = CreationTagList.Rent([]);
        Assert.Same(first, again);
        Assert.Empty(again);
        again.Return();
    }

    [Fact]
    public void Grows_past_its_initial_capacity()
    {
        var list = CreationTagList.Rent(MethodTags);
        for (var i = 0; i < 30; i++)
        {
            list.Add($"k{i}", i);
        }

        var all = list.ToArray();
        Assert.Equal(32, all.Length);
        Assert.Equal(29, all[^1].Value);
        list.Return();
    }
}
