// Open glossary files with OmegaT's own glossary readers (OmegaT 3.6, Debian package
// omegat) and print what OmegaT read, one JSON object per file and line, so the tests
// can compare it with what was exported. Built and run by ./run (see README.md there).
//
// Usage: GlossaryRead [--source LANG] [--target LANG] FILE...
//
// The reader is chosen by file name as OmegaT's GlossaryManager does: .tab, .txt and
// .utf8 are tab-separated (GlossaryReaderTSV), .csv is comma-separated
// (GlossaryReaderCSV), .tbx is TBX v2 martif (GlossaryReaderTBX); OmegaT skips any other
// file, so this program reports it as not read. The TBX reader keeps only the langSets
// of the project's source and target languages: --source and --target stand in for the
// project's languages (default vi and en, the glossary tool's default pair).
//
// Exit status: 0 when every file was read and gave at least one entry, 1 otherwise,
// 2 on a usage error.

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.omegat.core.Core;
import org.omegat.core.data.NotLoadedProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderCSV;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;

public final class GlossaryRead {

    /** The project properties the TBX reader asks Core for: only the two languages matter. */
    private static final class Languages extends ProjectProperties {
        Languages(String source, String target) {
            setSourceLanguage(source);
            setTargetLanguage(target);
        }
    }

    public static void main(String[] args) {
        String source = "vi";
        String target = "en";
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--source") || arg.equals("--target")) && i + 1 < args.length) {
                if (arg.equals("--source")) source = args[++i]; else target = args[++i];
            } else if (arg.startsWith("--")) {
                System.err.println("usage: GlossaryRead [--source LANG] [--target LANG] FILE...");
                System.exit(2);
            } else {
                files.add(arg);
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: GlossaryRead [--source LANG] [--target LANG] FILE...");
            System.exit(2);
        }
        final ProjectProperties properties = new Languages(source, target);
        Core.setProject(new NotLoadedProject() {
            @Override
            public ProjectProperties getProjectProperties() {
                return properties;
            }
        });
        boolean allRead = true;
        for (String name : files) {
            allRead &= report(new File(name), source, target);
        }
        System.exit(allRead ? 0 : 1);
    }

    /** Read one file, print its JSON line; true when OmegaT read at least one entry. */
    private static boolean report(File file, String source, String target) {
        String lower = file.getName().toLowerCase(Locale.ROOT);
        String reader = lower.endsWith(".tbx") ? "tbx"
                : lower.endsWith(".csv") ? "csv"
                : lower.endsWith(".tab") || lower.endsWith(".txt") || lower.endsWith(".utf8") ? "tsv"
                : null;
        StringBuilder out = new StringBuilder("{\"file\": ").append(json(file.getPath()));
        out.append(", \"reader\": ").append(reader == null ? "null" : json(reader));
        if (reader == null) {
            System.out.println(out.append(", \"error\": ")
                    .append(json("not a glossary file name for OmegaT (.tab, .txt, .utf8, .csv, .tbx)")).append("}"));
            return false;
        }
        List<GlossaryEntry> entries;
        try {
            if (reader.equals("tbx")) {
                out.append(", \"source\": ").append(json(source)).append(", \"target\": ").append(json(target));
                // GlossaryReaderTBX.read(file) is load(file) + readMartif(martif); load is package
                // private, so it is called here through reflection to count the termEntries too.
                Method load = GlossaryReaderTBX.class.getDeclaredMethod("load", File.class);
                load.setAccessible(true);
                gen.core.tbx.Martif martif = (gen.core.tbx.Martif) load.invoke(null, file);
                gen.core.tbx.Text text = martif.getText();
                int termEntries = text == null || text.getBody() == null ? 0 : text.getBody().getTermEntry().size();
                out.append(", \"termEntries\": ").append(termEntries);
                entries = GlossaryReaderTBX.readMartif(martif, false);
            } else if (reader.equals("csv")) {
                entries = GlossaryReaderCSV.read(file, false);
            } else {
                entries = GlossaryReaderTSV.read(file, false);
            }
        } catch (Throwable error) {
            Throwable cause = error instanceof InvocationTargetException && error.getCause() != null
                    ? error.getCause() : error;
            System.out.println(out.append(", \"error\": ").append(json(cause.toString())).append("}"));
            return false;
        }
        out.append(", \"entries\": [");
        for (int i = 0; i < entries.size(); i++) {
            GlossaryEntry entry = entries.get(i);
            out.append(i == 0 ? "" : ", ").append("[").append(json(entry.getSrcText())).append(", ")
                    .append(json(entry.getLocText())).append(", ").append(json(entry.getCommentText())).append("]");
        }
        System.out.println(out.append("]}"));
        return !entries.isEmpty();
    }

    /** A JSON string literal (null for null). */
    private static String json(String text) {
        if (text == null) return "null";
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
