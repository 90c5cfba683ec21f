/**
 * One StackGraph per AnalyzeStack call, shared by every stack policy of that call.
 *
 * @pulumi/policy re-deserializes the stack for each stack policy and runs them one after another
 * in the same turn of the event loop (our checks are synchronous). The graph is therefore reused
 * while the call runs and dropped on the next turn (`setImmediate`), so nothing leaks from one
 * call into the next; a cheap fingerprint guards against reuse across different stacks. Each
 * policy's own copy of the properties is rebound into the graph (see StackGraph.rebind) so that
 * only one copy of the stack stays alive.
 */
import { StackGraph } from "./stack-graph";

let cached: { graph: StackGraph; fingerprint: string } | undefined;

function fingerprint(resources: readonly any[]): string {
    const n = resources.length;
    if (n === 0) return "0";
    return `${n}|${resources[0]?.urn}|${resources[n >> 1]?.urn}|${resources[n - 1]?.urn}`;
}

export function graphFor(resources: readonly any[]): StackGraph {
    const fp = fingerprint(resources);
    if (cached && cached.fingerprint === fp && cached.graph.rebind(resources)) return cached.graph;
    const graph = StackGraph.fromPolicyResources(resources);
    cached = { graph, fingerprint: fp };
    setImmediate(() => {
        if (cached?.graph === graph) cached = undefined;
    });
    return graph;
}
