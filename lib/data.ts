/**
 * Tables generated at build time into bin/data/ (tools/generate-data.ts), read on first use.
 * Compiled code finds them next to itself (bin/lib -> bin/data); code run from sources (unit
 * tests through ts-jest) finds them under bin/data.
 */
import * as fs from "fs";
import * as path from "path";

const ROOTS = [path.resolve(__dirname, "..", "data"), path.resolve(__dirname, "..", "bin", "data")];

/** The parsed table, or undefined when it was not generated (the caller falls back). */
export function generatedTable<T>(file: string): T | undefined {
    for (const root of ROOTS) {
        const full = path.join(root, file);
        try {
            if (fs.existsSync(full)) return JSON.parse(fs.readFileSync(full, "utf8")) as T;
        } catch {
            /* unreadable: try the next place */
        }
    }
    return undefined;
}
