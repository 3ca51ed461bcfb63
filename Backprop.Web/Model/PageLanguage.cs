using System.Globalization;

namespace Backprop.Web.Model;

/// <summary>The page's language: the default UI culture of its one thread, which every message reads (Backprop.Lang.Text.Language).</summary>
internal static class PageLanguage
{
    /// <remarks>
    /// The default, not CultureInfo.CurrentUICulture: setting that is an async-local value, which a click's handler would
    /// set for its own continuation only (and which, set at start-up, every later render would inherit over a switch).
    /// </remarks>
    public static void Use(CultureInfo culture) => CultureInfo.DefaultThreadCurrentUICulture = culture;
}
