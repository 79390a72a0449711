// Add one entry to a glossary file the way OmegaT 3.6 does when a translator uses "Add glossary
// entry" (Edit > Glossary entry): org.omegat.gui.glossary.GlossaryReaderTSV.append, OmegaT's own
// writer. Compiled and run by the omegat_append fixture (tests/exchange/conftest.py).
//
// Usage: OmegaTAppend FILE SOURCE TARGET [COMMENT]
import java.io.File;

import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTSV;

public class OmegaTAppend {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: OmegaTAppend FILE SOURCE TARGET [COMMENT]");
            System.exit(2);
        }
        String comment = args.length > 3 ? args[3] : "";
        GlossaryReaderTSV.append(new File(args[0]), new GlossaryEntry(args[1], args[2], comment, false));
    }
}
