namespace Faas.Gateway.Tests.Metrics;

/// <summary>
/// Finds the metrics and labels in a PromQL expression, well enough for dashboard queries:
/// selectors (<c>name{label=~"…"}</c>), grouping (<c>by (a, b)</c>, applied to every selector of
/// the expression) and Grafana's <c>label_values(selector, label)</c>.
/// </summary>
internal static class PromQl
{
    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool", "offset",
    };

    /// <summary>Aggregation operators, which may stand before <c>by (…)</c> instead of a parenthesis.</summary>
    private static readonly HashSet<string> s_aggregations = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
    };

    public static List<MetricUse> Uses(string expression)
    {
        var selectors = new List<(string Metric, HashSet<string> Labels)>();
        var grouping = new HashSet<string>(StringComparer.Ordinal);
        var labelValues = expression.TrimStart().StartsWith("label_values(", StringComparison.Ordinal);
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c == '"')
            {
                i = SkipString(expression, i);
            }
            else if (c == '[')
            {
                i = expression.IndexOf(']', i) + 1;
            }
            else if (char.IsAsciiDigit(c))
            {
                i = SkipNumber(expression, i);
            }
            else if (char.IsAsciiLetter(c) || c is '_' or ':')
            {
                var start = i;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] is '_' or ':'))
                {
                    i++;
                }

                var word = expression[start..i];
                var next = SkipSpaces(expression, i);
                if (word is "by" or "without")
                {
                    i = ReadList(expression, next + 1, grouping);
                }
                else if (s_aggregations.Contains(word))
                {
                    // "sum by (…) (…)" or "sum(…)": the grouping or the argument comes next.
                }
                else if (next < expression.Length && expression[next] == '(')
                {
                    i = next + 1;
                }
                else if (labelValues && selectors.Count > 0 && next < expression.Length && expression[next] == ')')
                {
                    selectors[^1].Labels.Add(word);
                    i = next + 1;
                }
                else if (!s_keywords.Contains(word))
                {
                    var labels = new HashSet<string>(StringComparer.Ordinal);
                    i = next < expression.Length && expression[next] == '{' ? ReadMatchers(expression, next + 1, labels) : i;
                    selectors.Add((word, labels));
                }
            }
            else
            {
                i++;
            }
        }

        return selectors.Select(s => new MetricUse(s.Metric, s.Labels.Union(grouping).ToHashSet(StringComparer.Ordinal))).ToList();
    }

    /// <summary>Reads <c>a="x", b=~"y"}</c>; returns the index after the brace.</summary>
    private static int ReadMatchers(string text, int i, HashSet<string> labels)
    {
        while (i < text.Length && text[i] != '}')
        {
            i = SkipSpaces(text, i);
            var start = i;
            while (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')
            {
                i++;
            }

            labels.Add(text[start..i]);
            i = SkipString(text, text.IndexOf('"', i));
            i = SkipSpaces(text, i);
            if (text[i] == ',')
            {
                i++;
            }
        }

        return i + 1;
    }

    /// <summary>Reads <c>a, b)</c>; returns the index after the parenthesis.</summary>
    private static int ReadList(string text, int i, HashSet<string> labels)
    {
        var end = text.IndexOf(')', i);
        foreach (var label in text[i..end].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            labels.Add(label);
        }

        return end + 1;
    }

    private static int SkipString(string text, int quote)
    {
        var i = quote + 1;
        while (text[i] != '"')
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        return i + 1;
    }

    private static int SkipNumber(string text, int i)
    {
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or 'e' or 'E'
            || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E')))
        {
            i++;
        }

        return i;
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
