/**
 * A value for a message, or "[secret]" when it came from a secret. The reporter redacts secrets
 * too, but only values long enough to find safely in text; a number such as 7 is hidden here.
 */
import { ResourceView } from "../graph/resource";

export function shown(resource: ResourceView, value: string | number | boolean): string {
    return resource.props.secrets().has(String(value)) ? "[secret]" : String(value);
}

/** "a, b and c" (each name once). */
export function listNames(names: string[]): string {
    const unique = [...new Set(names)];
    if (unique.length <= 1) return unique[0] ?? "";
    return `${unique.slice(0, -1).join(", ")} and ${unique[unique.length - 1]}`;
}
