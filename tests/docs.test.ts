import * as fs from "fs";
import * as path from "path";
import { policyTable, readmeWithTable } from "../tools/docs";

test("the README's policy table is the one generated from the metadata (run `npm run docs`)", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    expect(readme).toContain(policyTable());
    expect(readmeWithTable(readme)).toBe(readme);
});

test("config presets are the ones generated from the metadata (run `npm run docs`)", () => {
    const { presets } = require("../tools/docs");
    for (const [file, preset] of Object.entries<object>(presets())) {
        const onDisk = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "config", file), "utf8"));
        expect(onDisk).toEqual(preset);
    }
});
