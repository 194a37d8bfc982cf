using System.Globalization;
using System.Text.RegularExpressions;

namespace NumCodecs.Cli;

/// <summary>The item size of a numpy type string (<c>&lt;f4</c>, <c>|u1</c>, <c>&gt;i8</c>, <c>&lt;M8[ns]</c>, <c>&lt;U8</c>).</summary>
internal static partial class TypeString
{
    public static int ItemSize(string typestr)
    {
        Match match = Pattern().Match(typestr);
        if (!match.Success)
        {
            throw new FormatException($"'{typestr}' is not a numpy type string such as <f4, |u1 or >i8.");
        }

        int count = int.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture);
        int size = match.Groups["kind"].Value == "U" ? count * 4 : count; // numpy's U counts UCS-4 characters
        return size >= 1 ? size : throw new FormatException($"'{typestr}' has no item size.");
    }

    [GeneratedRegex(@"^[<>|=]?(?<kind>[biufcmMSUV])(?<size>\d+)(\[[a-zA-Z]+\])?$")]
    private static partial Regex Pattern();
}
