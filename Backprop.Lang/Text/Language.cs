using System.Globalization;

namespace Backprop.Lang.Text;

/// <summary>
/// The language a person reads backprop in: English (the default) or Japanese, the language of the article it grew from.
/// </summary>
/// <remarks>
/// The choice is .NET's own: <see cref="CultureInfo.CurrentUICulture"/>, which flows with the thread and with async
/// calls, so a front end sets it once and a test sets it for itself alone. Each message keeps its English and its
/// Japanese text side by side in its one factory (see <see cref="Text"/>) rather than in .resx files: the two
/// translations share one set of arguments the compiler checks, and nothing has to be found at run time, so the
/// Native AOT binary and the browser need no satellite assemblies (Blazor loads those only for the culture it
/// starts with, and a tool package would have to carry them). Numbers stay culture-invariant either way.
/// The solution runs with InvariantGlobalization and PredefinedCulturesOnly=false: "ja" is then a culture with
/// the invariant culture's data and the name "ja", which is all this needs.
/// </remarks>
public static class Language
{
    public const string EnglishCode = "en", JapaneseCode = "ja";

    public static readonly CultureInfo English = CultureInfo.InvariantCulture;

    public static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo(JapaneseCode);

    /// <summary>The codes a user may choose, as <c>--lang</c> and <c>:set lang</c> take them.</summary>
    public static IReadOnlyList<string> Codes { get; } = [EnglishCode, JapaneseCode];

    /// <summary>True when messages are to be written in Japanese (the current UI culture is ja or ja-*).</summary>
    public static bool IsJapanese => IsJapaneseName(CultureInfo.CurrentUICulture.Name);

    public static string CurrentCode => IsJapanese ? JapaneseCode : EnglishCode;

    /// <summary>The message in the current language: every user-facing sentence goes through here.</summary>
    public static string Text(string english, string japanese) => IsJapanese ? japanese : english;

    /// <summary>The culture for a code the user gave (en, ja, ja-JP, en_US.UTF-8...); null when it is neither.</summary>
    public static CultureInfo? FromCode(string? code) =>
        code is null ? null
        : IsJapaneseName(code) ? Japanese
        : code.Equals(EnglishCode, StringComparison.OrdinalIgnoreCase) || code.StartsWith("en-", StringComparison.OrdinalIgnoreCase)
          || code.StartsWith("en_", StringComparison.OrdinalIgnoreCase) ? English
        : null;

    /// <summary>
    /// The language the environment asks for: <c>BACKPROP_LANG</c> first, then the POSIX locale, where the first
    /// of <c>LC_ALL</c>, <c>LC_MESSAGES</c> and <c>LANG</c> that is set and not empty decides (ja... is Japanese,
    /// anything else English).
    /// </summary>
    public static CultureInfo FromEnvironment(Func<string, string?> variable)
    {
        if (FromCode(variable("BACKPROP_LANG")) is { } chosen)
        {
            return chosen;
        }
        foreach (var name in (string[])["LC_ALL", "LC_MESSAGES", "LANG"])
        {
            var value = variable(name);
            if (!string.IsNullOrEmpty(value))
            {
                return IsJapaneseName(value) ? Japanese : English;
            }
        }
        return English;
    }

    /// <summary>Runs with <paramref name="culture"/> as the UI culture and puts the previous one back.</summary>
    public static T Using<T>(CultureInfo culture, Func<T> run)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return run();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static bool IsJapaneseName(string name) =>
        name.Equals(JapaneseCode, StringComparison.OrdinalIgnoreCase)
        || (name.Length > 2 && name.StartsWith(JapaneseCode, StringComparison.OrdinalIgnoreCase) && name[2] is '-' or '_' or '.');
}
