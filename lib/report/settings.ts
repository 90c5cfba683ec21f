/**
 * Pack-wide settings, read from the config of the dedicated `pack-settings` policy.
 *
 * @pulumi/policy gives each policy only its own config, so `pack-settings` is listed first: the
 * SDK runs policies in list order, and pack-settings records its config (and the stack's name and
 * tags) before any other policy of the same Analyze/AnalyzeStack call reads it.
 */
import type { ExemptionRules } from "./exemptions";

export interface AdvisoryStacks {
    /** Stack tags (`key: value` or `key: [values]`) under which mandatory findings are advisory. */
    stackTags?: Record<string, string | string[]>;
    /** Stack-name globs (`dev-*`) under which mandatory findings are advisory. */
    stackNames?: string[];
}

export interface PackSettings {
    advisoryStacks: AdvisoryStacks;
    /** `summary`: one advisory line per policy; `per-resource`: one per resource (the scanner's mode). */
    deferralReport: "summary" | "per-resource" | "off";
    /**
     * true: one advisory `[waived]` line per waived finding (the scanner's mode, it lists them);
     * false: one advisory `[waived]` summary line per policy (what `pulumi preview` shows).
     */
    reportWaived: boolean;
    /** What the organisation allows of exemptions (lib/report/exemptions.ts). */
    exemptions: ExemptionRules;
}

export const DEFAULT_SETTINGS: PackSettings = {
    advisoryStacks: {},
    deferralReport: "summary",
    reportWaived: false,
    exemptions: { allowTags: true },
};

export interface StackContext {
    stackName: string;
    stackTags: ReadonlyMap<string, string>;
}

let current: PackSettings = DEFAULT_SETTINGS;
let currentStack: StackContext = { stackName: "", stackTags: new Map() };

export function setPackSettings(s: PackSettings, stack: StackContext): void {
    current = s;
    currentStack = stack;
}

export function packSettings(): PackSettings {
    return current;
}

export function stackContext(): StackContext {
    return currentStack;
}

/** Glob with `*` and `?` only, anchored, case-sensitive (stack names and logical names). */
export function globMatch(glob: string, text: string): boolean {
    const re = new RegExp(
        "^" +
            glob
                .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                .replace(/\*/g, ".*")
                .replace(/\?/g, ".") +
            "$",
    );
    return re.test(text);
}

/** True when this stack is one whose mandatory findings are reported as advisory. */
export function isAdvisoryStack(settings: PackSettings, stack: StackContext): boolean {
    const { stackTags, stackNames } = settings.advisoryStacks;
    if (stackNames?.some(g => globMatch(g, stack.stackName))) return true;
    for (const [key, want] of Object.entries(stackTags ?? {})) {
        const have = stack.stackTags.get(key);
        if (have === undefined) continue;
        if (Array.isArray(want) ? want.includes(have) : want === have) return true;
    }
    return false;
}
