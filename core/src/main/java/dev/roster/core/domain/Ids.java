package dev.roster.core.domain;

import java.util.Comparator;

/** How ids compare: by Unicode code points, the same on every storage engine. */
public final class Ids {

    /** Orders ids by their code points (not UTF-16 units), as binary collations in databases do. */
    public static final Comparator<String> ORDER = Ids::compare;

    private Ids() {
    }

    private static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
