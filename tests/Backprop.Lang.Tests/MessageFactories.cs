using System.Reflection;

namespace Backprop.Lang.Tests;

/// <summary>Calls a messages class's factories with arguments made from their parameter types.</summary>
internal static class MessageFactories
{
    public static IEnumerable<MemberInfo> Of(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m is PropertyInfo { PropertyType: var p } && p == typeof(string)
                     || m is MethodInfo { IsSpecialName: false } method && (method.ReturnType == typeof(string)));

    public static IEnumerable<object?[]> Arguments(MemberInfo member)
    {
        if (member is not MethodInfo method) return [[]];
        var parameters = method.GetParameters();
        if (method.Name == "Expectation") return [["a number"], ["the end of the line"], ["a number, a name or '('"]];
        if (method.Name == "Keyword") return [["for"], ["if"], ["def"], ["print"]];
        if (method.Name == "UnknownFunction") return [["ln", new List<string>()], ["log10", new List<string>()], ["dot", new List<string>()],
            ["nosuch", new List<string>()], ["nosuch", new List<string> { "exp" }]];
        if (parameters is [{ ParameterType.IsEnum: true } only])
        {
            return Enum.GetValues(only.ParameterType).Cast<object>().Select(v => new object?[] { v }).ToList();
        }
        // Every bool both ways and every nullable string both null and not: each arm of a message is a text of its own.
        var rows = new List<object?[]> { parameters.Select(p => Sample(p, 0)).ToArray() };
        if (parameters.Any(p => p.ParameterType == typeof(bool) || Nullable(p)))
        {
            rows.Add(parameters.Select(p => Sample(p, 1)).ToArray());
        }
        if (parameters.Any(p => p.ParameterType == typeof(int)))
        {
            rows.Add(parameters.Select(p => Sample(p, 2)).ToArray());
        }
        return rows;
    }

    private static bool Nullable(ParameterInfo p) =>
        p.ParameterType == typeof(string) && new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;

    private static object? Sample(ParameterInfo p, int variant) => p.ParameterType switch
    {
        var t when t == typeof(string) => Nullable(p) && variant == 1 ? null : "x",
        var t when t == typeof(int) => variant == 2 ? 1 : 3,
        var t when t == typeof(long) => 9L,
        var t when t == typeof(ulong) => 5UL,
        var t when t == typeof(double) => variant == 1 ? 0.0 : 1.5,
        var t when t == typeof(double?) => variant == 1 ? null : 0.5,
        var t when t == typeof(bool) => variant == 1,
        var t when t == typeof(IReadOnlyList<string>) => variant == 2 ? new List<string> { "a" } : new List<string> { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" },
        var t when t == typeof(IReadOnlyList<double>) => new List<double> { 1.0, 0.0 },
        var t when t == typeof(Func<double, string>) => new Func<double, string>(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        var t => throw new InvalidOperationException($"no sample for {t} ({p.Member.Name}); add one or list the message as covered elsewhere"),
    };

    public static string Call(MemberInfo member, object?[] arguments) => member switch
    {
        PropertyInfo property => (string)property.GetValue(null)!,
        MethodInfo method => (string)method.Invoke(null, arguments)!,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Hiragana, katakana or CJK ideographs (or full-width punctuation) somewhere in the text.</summary>
    public static bool HasJapanese(string text) => text.Any(c => c is >= '\u3000' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF');
}
