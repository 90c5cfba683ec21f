/**
 * The engine model: what the Pulumi engine sends a policy pack for a program's resources.
 * (Being filled in: see issue "Real engine shapes".)
 */
import { EngineResource } from "./engine";

export type Mode = "preview" | "update";

/** A resource as the program registered it (or read it with `.get()`). */
export interface ProgramResource extends EngineResource {
    /** Read with `.get()`: the engine analyzes none of these. */
    read?: boolean;
}

/** The resources the engine would analyze, in the shapes it sends them. */
export function toEngineShapes(resources: ProgramResource[], _mode: Mode): EngineResource[] {
    return resources.filter(r => !r.read).map(({ read: _read, ...r }) => r);
}

/** A resource after a remediation replaced its inputs. */
export function reshape(r: EngineResource, inputs: Record<string, unknown>, _mode: Mode): EngineResource {
    return { ...r, inputs };
}
