using System.Net;
using System.Text;

namespace Engine.LoadTests.Reports;

/// <summary>A report as blocks, rendered both as Markdown and as a standalone HTML page.</summary>
internal sealed class Doc
{
    private readonly List<(string Kind, object Value)> blocks = [];

    public Doc H(int level, string text) => Add("h" + level, text);
    public Doc P(string text) => Add("p", text);
    public Doc Code(string text) => Add("code", text);
    public Doc List(IEnumerable<string> items) => Add("list", items.ToList());
    public Doc Image(string alt, string file) => Add("img", (alt, file));
    public Doc Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        Add("table", (header, rows.ToList()));

    private Doc Add(string kind, object value)
    {
        blocks.Add((kind, value));
        return this;
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        foreach (var (kind, value) in blocks)
        {
            switch (kind)
            {
                case "p": sb.Append(value).Append("\n\n"); break;
                case "code": sb.Append("```\n").Append(value).Append("\n```\n\n"); break;
                case "list":
                    foreach (var item in (List<string>)value) sb.Append("* ").Append(item).Append('\n');
                    sb.Append('\n');
                    break;
                case "img":
                    var (alt, file) = ((string, string))value;
                    sb.Append("![").Append(alt).Append("](").Append(file).Append(")\n\n");
                    break;
                case "table":
                    var (header, rows) = ((IReadOnlyList<string>, List<IReadOnlyList<string>>))value;
                    sb.Append("| ").AppendJoin(" | ", header).Append(" |\n|");
                    foreach (var _ in header) sb.Append("---|");
                    sb.Append('\n');
                    foreach (var row in rows) sb.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
                    sb.Append('\n');
                    break;
                default:
                    sb.Append(new string('#', kind[1] - '0')).Append(' ').Append(value).Append("\n\n");
                    break;
            }
        }
        return sb.ToString();
    }

    public string Html(string title)
    {
        static string E(object text) => WebUtility.HtmlEncode(text.ToString() ?? "").Replace("`", "", StringComparison.Ordinal)
            .Replace("**", "", StringComparison.Ordinal);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title))
            .Append("</title>\n<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em}td,th{border:1px solid #ccc;padding:3px 8px;")
            .Append("text-align:right}th{background:#f2f2f2}td:first-child,th:first-child{text-align:left}")
            .Append("pre{background:#f6f6f6;padding:0.8em;overflow-x:auto}img{max-width:100%;border:1px solid #ddd}")
            .Append(".fail{color:#b00;font-weight:bold}.pass{color:#070;font-weight:bold}</style></head><body>\n");
        foreach (var (kind, value) in blocks)
        {
            switch (kind)
            {
                case "p": sb.Append("<p>").Append(E(value)).Append("</p>\n"); break;
                case "code": sb.Append("<pre>").Append(WebUtility.HtmlEncode((string)value)).Append("</pre>\n"); break;
                case "list":
                    sb.Append("<ul>");
                    foreach (var item in (List<string>)value) sb.Append("<li>").Append(E(item)).Append("</li>");
                    sb.Append("</ul>\n");
                    break;
                case "img":
                    var (alt, file) = ((string, string))value;
                    sb.Append("<p><img src=\"").Append(WebUtility.HtmlEncode(file)).Append("\" alt=\"").Append(E(alt)).Append("\"></p>\n");
                    break;
                case "table":
                    var (header, rows) = ((IReadOnlyList<string>, List<IReadOnlyList<string>>))value;
                    sb.Append("<table><tr>");
                    foreach (var h in header) sb.Append("<th>").Append(E(h)).Append("</th>");
                    sb.Append("</tr>\n");
                    foreach (var row in rows)
                    {
                        sb.Append("<tr>");
                        foreach (var c in row)
                        {
                            var cls = c.StartsWith("**FAIL", StringComparison.Ordinal) ? " class=\"fail\""
                                : c.StartsWith("pass", StringComparison.Ordinal) ? " class=\"pass\"" : "";
                            sb.Append("<td").Append(cls).Append('>').Append(E(c)).Append("</td>");
                        }
                        sb.Append("</tr>\n");
                    }
                    sb.Append("</table>\n");
                    break;
                default:
                    sb.Append('<').Append(kind).Append('>').Append(E(value)).Append("</").Append(kind).Append(">\n");
                    break;
            }
        }
        return sb.Append("</body></html>\n").ToString();
    }
}
