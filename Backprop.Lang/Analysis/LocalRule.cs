using System.Text;
using Backprop.Lang.Layers;

namespace Backprop.Lang.Analysis;

/// <summary>
/// The part of a layer's local rule that gives one input's gradient (<c>MulLayer: dx = dout*y</c>), and the
/// same with the numbers plugged in. The rule text is the layer's own (<see cref="Layer.InputRule"/>), printed from
/// the rule it computes with.
/// </summary>
public static class LocalRule
{
    /// <summary><c>dx = dout*y</c> for input 0 of a MulLayer, <c>dy = dout*x</c> for input 1.</summary>
    public static string For(Layer layer, int input) => layer.InputRule(input);

    /// <summary>
    /// The rule's right side with dout, x, y and z replaced by their values: <c>dout*y</c> becomes <c>1*30</c>.
    /// A negative value is put in parentheses, so <c>dout*y</c> with y = -2 reads <c>1*(-2)</c>.
    /// </summary>
    public static string Plugged(string rule, double dout, double x, double y, double z, Func<double, string> number)
    {
        int equals = rule.IndexOf('=');
        string right = equals >= 0 ? rule[(equals + 1)..].Trim() : rule;
        var text = new StringBuilder();
        int i = 0;
        while (i < right.Length)
        {
            if (!char.IsAsciiLetter(right[i]))
            {
                text.Append(right[i++]);
                continue;
            }
            int start = i;
            while (i < right.Length && char.IsAsciiLetter(right[i])) i++;
            string word = right[start..i];
            double? value = word switch { "dout" => dout, "x" => x, "y" => y, "z" => z, _ => null };
            if (value is { } v)
            {
                string shown = number(v);
                text.Append(shown.StartsWith('-') ? $"({shown})" : shown);
            }
            else
            {
                text.Append(word);
            }
        }
        return text.ToString();
    }
}
