package dev.roster.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, as a scraper reads it: every
 * line is a {@code # HELP}, a {@code # TYPE} or a sample {@code name{label="value",…} value}; a
 * sample belongs to a family declared by an earlier {@code # TYPE} (counters, gauges, untyped by
 * name; summaries and histograms also by {@code _count}, {@code _sum}, {@code _bucket}); label
 * values are escaped; values are floats. Anything else fails the parse, naming the line.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|summary|histogram|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|\\d+(\\.\\d*)?([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)");

    /** A sample: its metric name, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types;
    private final List<Sample> samples;

    private PrometheusText(Map<String, String> types, List<Sample> samples) {
        this.types = types;
        this.samples = samples;
    }

    /**
     * Parses a scrape.
     *
     * @throws AssertionError naming the first line that is not valid
     */
    static PrometheusText parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                check(types.put(type.group(1), type.group(2)) == null, number, line, "a family declared twice");
            } else if (!HELP.matcher(line).matches()) {
                samples.add(sample(types, number, line));
            }
        }
        check(!samples.isEmpty(), number, "", "no sample at all");
        return new PrometheusText(types, samples);
    }

    private static Sample sample(Map<String, String> types, int number, String line) {
        Matcher sample = SAMPLE.matcher(line);
        check(sample.matches(), number, line, "neither a comment nor a sample");
        String name = sample.group(1);
        check(family(types, name) != null, number, line, "a sample of no declared family");
        Map<String, String> labels = new LinkedHashMap<>();
        String body = sample.group(3);
        if (body != null && !body.isEmpty()) {
            Matcher label = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                check(label.find(at) && label.start() == at, number, line, "a malformed label at " + at);
                check(labels.put(label.group(1), label.group(2)) == null, number, line, "a label given twice");
                at = label.end();
            }
        }
        check(VALUE.matcher(sample.group(4)).matches(), number, line, "a value that is not a float");
        return new Sample(name, labels, Double.parseDouble(sample.group(4).replace("Inf", "Infinity")));
    }

    private static String family(Map<String, String> types, String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_count", "_sum", "_bucket"}) {
            if (name.endsWith(suffix)) {
                String family = name.substring(0, name.length() - suffix.length());
                String type = types.get(family);
                if ("summary".equals(type) || "histogram".equals(type)) {
                    return family;
                }
            }
        }
        return null;
    }

    private static void check(boolean condition, int number, String line, String problem) {
        if (!condition) {
            throw new AssertionError("not Prometheus text, line " + number + " (" + problem + "): " + line);
        }
    }

    /** The declared type of a family, or null. */
    String type(String family) {
        return types.get(family);
    }

    /** Every sample's name. */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** Whether a sample of this name carries at least these labels. */
    boolean has(String name, Map<String, String> labels) {
        return samples.stream().anyMatch(s -> matches(s, name, labels));
    }

    /**
     * The value of the one sample of this name that carries at least these labels.
     *
     * @throws AssertionError when there is none or more than one
     */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> matches(s, name, labels)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + labels + " in " + samples);
        }
        return found.get(0).value();
    }

    private static boolean matches(Sample sample, String name, Map<String, String> labels) {
        return sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet());
    }
}
