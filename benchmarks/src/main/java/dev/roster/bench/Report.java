package dev.roster.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a run's rows as {@code latest.json}, a Markdown table ({@code latest.md}) and one SVG bar
 * chart of ratios per issue row. The SVG is written by hand: a chart of a few bars needs no
 * plotting library, no AWT and no fonts on a headless machine, and adds no dependency.
 */
final class Report {

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();

    void add(List<Row> more) {
        rows.addAll(more);
    }

    void fact(String name, Object value) {
        facts.put(name, value);
    }

    List<Row> rows() {
        return rows;
    }

    /**
     * Writes the results. With {@code --only} and a {@code latest.json} already in the folder, the
     * rows run replace that file's rows of the same numbers (in place) and the others are kept, so
     * a partial run never erases a full one; {@code partialRuns} records when and how each was run.
     */
    @SuppressWarnings("unchecked")
    void write(Settings settings) throws IOException {
        Path out = settings.out();
        Files.createDirectories(out);
        Path file = out.resolve("latest.json");
        ObjectMapper mapper = new ObjectMapper();
        String now = Instant.now().toString();
        String kind = settings.careful() ? "long" : "short";
        Map<String, Object> json = new LinkedHashMap<>();
        if (settings.only() != null && Files.isRegularFile(file)) {
            json = mapper.readValue(file.toFile(), LinkedHashMap.class);
            List<Row> merged = new ArrayList<>();
            List<Integer> placed = new ArrayList<>();
            for (var node : mapper.readTree(file.toFile()).get("rows")) {
                Row old = mapper.treeToValue(node, Row.class);
                if (!settings.runs(old.row())) {
                    merged.add(old);
                } else if (!placed.contains(old.row())) {
                    placed.add(old.row());
                    rows.stream().filter(r -> r.row() == old.row()).forEach(merged::add);
                }
            }
            rows.stream().filter(r -> !placed.contains(r.row())).forEach(merged::add);
            rows.clear();
            rows.addAll(merged);
            Map<String, Object> keptFacts = new LinkedHashMap<>((Map<String, Object>) json.getOrDefault("facts", Map.of()));
            keptFacts.keySet().removeIf(name -> name.matches("row[0-9]+\\..*")
                    && settings.runs(Integer.parseInt(name.substring(3, name.indexOf('.')))));
            Object seconds = facts.remove("totalSeconds");
            keptFacts.putAll(facts);
            facts.clear();
            facts.putAll(keptFacts);
            List<Object> partial = new ArrayList<>((List<Object>) json.getOrDefault("partialRuns", List.of()));
            partial.add(Map.of("rows", settings.only(), "generatedAt", now, "settings", kind, "seconds", seconds));
            json.put("partialRuns", partial);
        } else {
            json.put("generatedAt", now);
            json.put("settings", kind);
        }
        json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        json.put("facts", facts);
        json.put("rows", rows);
        mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        Files.writeString(out.resolve("latest.md"), markdown(), StandardCharsets.UTF_8);
        plot(rows, out);
    }

    /** Rewrites the plots of the run recorded in the results folder's {@code latest.json}. */
    static void replot(Settings settings) throws IOException {
        List<Row> recorded = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (var node : mapper.readTree(settings.out().resolve("latest.json").toFile()).get("rows")) {
            recorded.add(mapper.treeToValue(node, Row.class));
        }
        plot(recorded, settings.out());
    }

    private static void plot(List<Row> rows, Path out) throws IOException {
        Map<Integer, List<Row>> byRow = new TreeMap<>();
        rows.forEach(r -> byRow.computeIfAbsent(r.row(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<Integer, List<Row>> group : byRow.entrySet()) {
            Files.writeString(out.resolve("row" + group.getKey() + ".svg"), svg(group.getKey(), group.getValue()),
                    StandardCharsets.UTF_8);
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| # | What | Baseline | Value | Baseline value | Ratio | Target | Met? |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.row()).append(" | ").append(r.what()).append(" | ").append(r.baseline())
                    .append(" | ").append(number(r.value())).append(' ').append(r.unit())
                    .append(" | ").append(number(r.baseValue())).append(' ').append(r.unit())
                    .append(" | ").append(String.format(Locale.ROOT, "%.3f", r.ratio()))
                    .append(" | ").append(r.target())
                    .append(" | ").append(r.met() == null ? "-" : r.met() ? "yes" : "**no**").append(" |\n");
        }
        return md.toString();
    }

    static String number(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static String svg(int row, List<Row> group) {
        int barHeight = 26;
        int gap = 14;
        int labelWidth = 560;
        int chartWidth = 420;
        int top = 40;
        int height = top + group.size() * (barHeight + gap) + 40;
        // Scaled to the rows with a target (and 1.0), at most ten times the target, so that one huge
        // ratio does not flatten the others; a longer bar is cut at the edge and keeps its number.
        double scale = 1;
        boolean anyTarget = false;
        for (Row r : group) {
            Double target = targetValue(r.target());
            if (target != null) {
                anyTarget = true;
                scale = Math.max(scale, Math.max(target, Math.min(r.ratio(), 10 * target)));
            }
        }
        if (!anyTarget) {
            for (Row r : group) {
                scale = Math.max(scale, r.ratio());
            }
        }
        double max = scale * 1.15;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelWidth + chartWidth + 90)
                .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Row ").append(row)
                .append(": ratio to the baseline measured in the same run (dashed: target)</text>\n");
        for (int i = 0; i < group.size(); i++) {
            Row r = group.get(i);
            int y = top + i * (barHeight + gap);
            int width = (int) Math.round(chartWidth * Math.min(r.ratio(), max) / max);
            String color = r.met() == null ? "#8c8c8c" : r.met() ? "#2e8b57" : "#c0392b";
            svg.append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(y + barHeight / 2 + 4)
                    .append("\" text-anchor=\"end\">").append(escape(shorten(r.what() + " vs " + r.baseline(), 95)))
                    .append("</text>\n");
            svg.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y).append("\" width=\"")
                    .append(Math.max(1, width)).append("\" height=\"").append(barHeight).append("\" fill=\"")
                    .append(color).append("\"/>\n");
            svg.append("<text x=\"").append(labelWidth + Math.max(1, width) + 6).append("\" y=\"")
                    .append(y + barHeight / 2 + 4).append("\">").append(String.format(Locale.ROOT, "%.3f×", r.ratio()))
                    .append("</text>\n");
            Double target = targetValue(r.target());
            if (target != null) {
                int x = labelWidth + (int) Math.round(chartWidth * target / max);
                svg.append("<line x1=\"").append(x).append("\" y1=\"").append(y - 4).append("\" x2=\"").append(x)
                        .append("\" y2=\"").append(y + barHeight + 4)
                        .append("\" stroke=\"black\" stroke-width=\"2\" stroke-dasharray=\"4,3\"/>\n");
            }
        }
        int axis = labelWidth;
        int bottom = top + group.size() * (barHeight + gap);
        svg.append("<line x1=\"").append(axis).append("\" y1=\"").append(top - 6).append("\" x2=\"").append(axis)
                .append("\" y2=\"").append(bottom).append("\" stroke=\"black\"/>\n");
        int one = labelWidth + (int) Math.round(chartWidth / max);
        svg.append("<line x1=\"").append(one).append("\" y1=\"").append(top - 6).append("\" x2=\"").append(one)
                .append("\" y2=\"").append(bottom).append("\" stroke=\"#bbbbbb\"/>\n");
        svg.append("<text x=\"").append(one).append("\" y=\"").append(bottom + 16)
                .append("\" text-anchor=\"middle\" fill=\"#666666\">1.0 (baseline)</text>\n");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static Double targetValue(String target) {
        String digits = target.replaceAll("[^0-9.]", "");
        if (digits.isEmpty() || target.contains("round trips")) {
            return null;
        }
        return Double.parseDouble(digits);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
