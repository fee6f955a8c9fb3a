/**
 * Generated from the server's OpenAPI document (the zod schemas of its routes) by
 * packages/web/test/contract/api-types.ts. Do not edit: regenerate with
 * `npm run api:types -w @cartographer/web`; a test fails while this file differs from what the
 * current server generates.
 */
/* eslint-disable */
export interface paths {
    "/api/v1/alerts/{alertId}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: {
                    /** @description Response language; Accept-Language otherwise, zh-TW by default. */
                    lang?: "zh-TW" | "en";
                };
                header?: never;
                path: {
                    /** @description Alert id (uuid). */
                    alertId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An alert raised by the alert engine. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acknowledgedAt: string | null;
                            acknowledgedBy: {
                                displayName: string;
                                /** Format: uuid */
                                id: string;
                            } | null;
                            assessmentId: string | null;
                            /** @description Language-neutral content: `level` (grade), `criteria` (rules that fired), `assessmentId`. */
                            detail: {
                                [key: string]: unknown;
                            };
                            dueAt: string | null;
                            episodeId: string | null;
                            escalatedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            key: string;
                            /** @description crs-grade, icans-grade, iec-hs, icaht-grade, tls-laboratory, febrile-neutropenia, tocilizumab-limit, vital-signs-due. */
                            kind: string;
                            /** Format: uuid */
                            patientId: string;
                            patientName?: string;
                            /** Format: date-time */
                            raisedAt: string;
                            resolvedAt: string | null;
                            /** @enum {string} */
                            severity: "info" | "warning" | "critical";
                            /** @enum {string} */
                            status: "open" | "acknowledged" | "resolved";
                            /** @description The alert in the requested language. */
                            text: string;
                            version: number;
                        };
                    };
                };
                /** @description Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid-input" | "invalid-request" | "unknown-instrument" | "not-found" | "unauthenticated" | "forbidden" | "conflict" | "precondition-failed" | "gate-closed" | "signature-invalid" | "payload-too-large" | "unsupported-media-type" | "internal-error";
                            instrument?: string;
                            issues?: {
                                /** @description What is wrong and what to do, in the requested language. */
                                message: string;
                                /** @description Dotted path of the field, e.g. "oxygen.flow" or "tocilizumabAdministrations[0].at"; empty for the whole body. */
                                path: string;
                                /** @description Identifier of the rule broken, e.g. "input.unit-required". */
                                rule: string;
                            }[];
                            message: string;
                        };
                    };
                };
                /** @description Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid-input" | "invalid-request" | "unknown-instrument" | "not-found" | "unauthenticated" | "forbidden" | "conflict" | "precondition-failed" | "gate-closed" | "signature-invalid" | "payload-too-large" | "unsupported-media-type" | "internal-error";
                            instrument?: string;
                            issues?: {
                                /** @description What is wrong and what to do, in the requested language. */
                                message: string;
                                /** @description Dotted path of the field, e.g. "oxygen.flow" or "tocilizumabAdministrations[0].at"; empty for the whole body. */
                                path: string;
                                /** @description Identifier of the rule broken, e.g. "input.unit-required". */
                                rule: string;
                            }[];
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            displayName: string;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "physician" | "nurse" | "pharmacist" | "cell-therapy-technologist" | "case-manager" | "psychologist" | "social-worker" | "administrator";
                            username: string;
                        };
                    };
                };
                /** @description Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid-input" | "invalid-request" | "unknown-instrument" | "not-found" | "unauthenticated" | "forbidden" | "conflict" | "precondition-failed" | "gate-closed" | "signature-invalid" | "payload-too-large" | "unsupported-media-type" | "internal-error";
                            instrument?: string;
                            issues?: {
                                /** @description What is wrong and what to do, in the requested language. */
                                message: string;
                                /** @description Dotted path of the field, e.g. "oxygen.flow" or "tocilizumabAdministrations[0].at"; empty for the whole body. */
                                path: string;
                                /** @description Identifier of the rule broken, e.g. "input.unit-required". */
                                rule: string;
                            }[];
                            message: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            displayName: string;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "physician" | "nurse" | "pharmacist" | "cell-therapy-technologist" | "case-manager" | "psychologist" | "social-worker" | "administrator";
                            username: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/board": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    /** @description Response language; Accept-Language otherwise, zh-TW by default. */
                    lang?: "zh-TW" | "en";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ward board: the patients on your care teams. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            generatedAt: string;
                            /** @description Patients with an unacknowledged critical alert first, then by their most severe live alert; by name within each group. */
                            rows: {
                                /** @description Live (open or acknowledged) alerts, most urgent first. */
                                alerts: {
                                    acknowledgedAt: string | null;
                                    acknowledgedBy: {
                                        displayName: string;
                                        /** Format: uuid */
                                        id: string;
                                    } | null;
                                    assessmentId: string | null;
                                    /** @description Language-neutral content: `level` (grade), `criteria` (rules that fired), `assessmentId`. */
                                    detail: {
                                        [key: string]: unknown;
                                    };
                                    dueAt: string | null;
                                    episodeId: string | null;
                                    escalatedAt: string | null;
                                    /** Format: uuid */
                                    id: string;
                                    key: string;
                                    /** @description crs-grade, icans-grade, iec-hs, icaht-grade, tls-laboratory, febrile-neutropenia, tocilizumab-limit, vital-signs-due. */
                                    kind: string;
                                    /** Format: uuid */
                                    patientId: string;
                                    patientName?: string;
                                    /** Format: date-time */
                                    raisedAt: string;
                                    resolvedAt: string | null;
                                    /** @enum {string} */
                                    severity: "info" | "warning" | "critical";
                                    /** @enum {string} */
                                    status: "open" | "acknowledged" | "resolved";
                                    /** @description The alert in the requested language. */
                                    text: string;
                                    version: number;
                                }[];
                                /** @description The active course; null when none. */
                                course: {
                                    activeStep: {
                                        ownerRole: string;
                                        startedAt: string | null;
                                        step: string;
                                        title: string;
                                    } | null;
                                    /** @description Calendar days from day 0 to today: negative before the infusion, e.g. 4 on day +4. */
                                    day: number | null;
                                    /** @description Day 0 (the infusion) in the institution's time zone; null while no infusion date is known. */
                                    dayZero: string | null;
                                    disease: string;
                                    /** Format: uuid */
                                    episodeId: string;
                                    /** @enum {string} */
                                    kind: "car-t-course" | "leukemia-course";
                                    /** @description The soonest open deadline of the course. */
                                    nextDeadline: {
                                        /** Format: date-time */
                                        dueAt: string;
                                        overdue: boolean;
                                        rule: string;
                                        step: string;
                                        text: string;
                                    } | null;
                                    /** Format: date-time */
                                    startedAt: string;
                                } | null;
                                /** @description The latest CRS, ICANS, IEC-HS and ICAHT assessments. */
                                grades: {
                                    /** Format: date-time */
                                    assessedAt: string;
                                    /** Format: uuid */
                                    assessmentId: string;
                                    instrument: string;
                                    /** @description The abbreviation clinicians use in every language, e.g. CRS, ICANS, IEC-HS, ICAHT. */
                                    name: string;
                                    /** @enum {string} */
                                    status: "assessed" | "cannot-assess";
                                    /** @description One line in the requested language, e.g. "CRS grade 2". */
                                    summary: string;
                                }[];
                                /** @description Of the live alerts; null when none. */
                                highestSeverity: ("info" | "warning" | "critical") | null;
                                patient: {
                                    /** @description The course under way (not ended), the latest started; null when none. */
                                    activeEpisode: {
                                        disease: string;
                                        /** Format: uuid */
                                        id: string;
                                        kind: string;
                                        /** Format: date-time */
                                        startedAt: string;
                                        status: string;
                                    } | null;
                                    /** Format: date */
                                    birthDate: string;
                                    /** Format: uuid */
                                    id: string;
                                    identifiers: {
                                        /** @enum {string} */
                                        kind: "medical-record-number" | "national-id" | "passport" | "birth-date-and-name" | "program-id";
                                        /** @description Namespace of the value, e.g. the hospital's medical record number URI. */
                                        system: string;
                                        value: string;
                                    }[];
                                    name: string;
                                    nameLatin: string | null;
                                    /** @enum {string} */
                                    sex: "female" | "male" | "other" | "unknown";
                                    version: number;
                                };
                            }[];
                            /** @description The institution's time zone, for showing times. */
                            timeZone: string;
                            /** @description What the signed-in user may do here (from the permission table). */
                            viewer: {
                                /** @description The signed-in user's role holds alert.acknowledge. */
                                canAcknowledge: boolean;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/board/alerts/{alertId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    /** @description Response language; Accept-Language otherwise, zh-TW by default. */
                    lang?: "zh-TW" | "en";
                };
                header?: never;
                path: {
                    /** @description Alert id (UUID). */
                    alertId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One alert with the criteria that raised it. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description An alert raised by the alert engine. */
                            alert: {
                                acknowledgedAt: string | null;
                                acknowledgedBy: {
                                    displayName: string;
                                    /** Format: uuid */
                                    id: string;
                                } | null;
                                assessmentId: string | null;
                                /** @description Language-neutral content: `level` (grade), `criteria` (rules that fired), `assessmentId`. */
                                detail: {
                                    [key: string]: unknown;
                                };
                                dueAt: string | null;
                                episodeId: string | null;
                                escalatedAt: string | null;
                                /** Format: uuid */
                                id: string;
                                key: string;
                                /** @description crs-grade, icans-grade, iec-hs, icaht-grade, tls-laboratory, febrile-neutropenia, tocilizumab-limit, vital-signs-due. */
                                kind: string;
                                /** Format: uuid */
                                patientId: string;
                                patientName?: string;
                                /** Format: date-time */
                                raisedAt: string;
                                resolvedAt: string | null;
                                /** @enum {string} */
                                severity: "info" | "warning" | "critical";
                                /** @enum {string} */
                                status: "open" | "acknowledged" | "resolved";
                                /** @description The alert in the requested language. */
                                text: string;
                                version: number;
                            };
                            /** @description The assessment that raised the alert. */
                            assessment: {
                                /** Format: date-time */
                                assessedAt: string;
                                /** Format: uuid */
                                id: string;
                                instrument: string;
                                /** @description The result with its explanation in the requested language; null when its ruleset is no longer known. */
                                rendered: {
                                    actions: {
                                        citations: {
                                            doi?: string;
                                            /** @enum {string} */
                                            kind: "seed" | "publication";
                                            reference: string;
                                        }[];
                                        dose?: {
                                            basedOn?: {
                                                unit: string;
                                                value: number;
                                            };
                                            cappedAt?: {
                                                unit: string;
                                                value: number;
                                            };
                                            perUnit?: {
                                                unit: string;
                                                value: number;
                                            };
                                            text: string;
                                            unit: string;
                                            upTo?: number;
                                            value: number;
                                        };
                                        drug?: string;
                                        dueBy?: string;
                                        duration?: string;
                                        escalation?: {
                                            after?: string;
                                            rule: string;
                                            text: string;
                                        }[];
                                        frequency?: string;
                                        limits?: {
                                            rule: string;
                                            text: string;
                                        }[];
                                        refusedBecause?: {
                                            citations: {
                                                doi?: string;
                                                /** @enum {string} */
                                                kind: "seed" | "publication";
                                                reference: string;
                                            }[];
                                            field: string;
                                            observed: number | string | boolean | null;
                                            rule: string;
                                            text: string;
                                            threshold?: {
                                                comparator: string;
                                                unit?: string;
                                                value: (number | string | boolean) | (number | string | boolean)[];
                                            };
                                            unit?: string;
                                            yields?: number | string | boolean;
                                        }[];
                                        route?: string;
                                        rule: string;
                                        /** @enum {string} */
                                        status: "do" | "consider" | "refused";
                                        text: string;
                                    }[];
                                    basis: {
                                        citations: {
                                            doi?: string;
                                            /** @enum {string} */
                                            kind: "seed" | "publication";
                                            reference: string;
                                        }[];
                                        field: string;
                                        observed: number | string | boolean | null;
                                        rule: string;
                                        text: string;
                                        threshold?: {
                                            comparator: string;
                                            unit?: string;
                                            value: (number | string | boolean) | (number | string | boolean)[];
                                        };
                                        unit?: string;
                                        yields?: number | string | boolean;
                                    }[];
                                    citations: {
                                        doi?: string;
                                        /** @enum {string} */
                                        kind: "seed" | "publication";
                                        reference: string;
                                    }[];
                                    instrument: string;
                                    /** @enum {string} */
                                    lang: "zh-TW" | "en";
                                    rulesetVersion: string;
                                    /** @enum {string} */
                                    status: "assessed" | "cannot-assess";
                                    summary: string;
                                    title: string;
                                    value: unknown | null;
                                    warnings: {
                                        field?: string;
                                        rule: string;
                                        text: string;
                                    }[];
                                } | null;
                                settingsVersion: number;
                                trigger: string;
                            } | null;
                            /** @description The criteria that fired, in the requested language, with the observed values and thresholds. */
                            criteria: {
                                citations: {
                                    doi?: string;
                                    /** @enum {string} */
                                    kind: "seed" | "publication";
                                    reference: string;
                                }[];
                                field: string;
                                observed: number | string | boolean | null;
                                rule: string;
                                text: string;
                                threshold?: {
                                    comparator: string;
                                    unit?: string;
                                    value: (number | string | boolean) | (number | string | boolean)[];
                                };
                                unit?: string;
                                yields?: number | string | boolean;
                            }[];
                            /** @description When an open alert escalates unless acknowledged; null once acknowledged, escalated or resolved. */
                            escalatesAt: string | null;
                            /** Format: date-time */
                            generatedAt: string;
                            patient: {
                                /** Format: uuid */
                                id: string;
                                identifiers: {
                                    /** @enum {string} */
                                    kind: "medical-record-number" | "national-id" | "passport" | "birth-date-and-name" | "program-id";
                                    /** @description Namespace of the value, e.g. the hospital's medical record number URI. */
                                    system: string;
                                    value: string;
                                }[];
                                name: string;
                                nameLatin: string | null;
                            };
                            timeZone: string;
                            /** @description What the signed-in user may do here (from the permission table). */
                            viewer: {
                                /** @description The signed-in user's role holds alert.acknowledge. */
                                canAcknowledge: boolean;
                            };
                        };
                    };
                };
                /** @description Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid-input" | "invalid-request" | "unknown-instrument" | "not-found" | "unauthenticated" | "forbidden" | "conflict" | "precondition-failed" | "gate-closed" | "signature-invalid" | "payload-too-large" | "unsupported-media-type" | "internal-error";
                            instrument?: string;
                            issues?: {
                                /** @description What is wrong and what to do, in the requested language. */
                                message: string;
                                /** @description Dotted path of the field, e.g. "oxygen.flow" or "tocilizumabAdministrations[0].at"; empty for the whole body. */
                                path: string;
                                /** @description Identifier of the rule broken, e.g. "input.unit-required". */
                                rule: string;
                            }[];
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/board/patients/{patientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    /** @description Observations of the last this many hours. */
                    hours?: number;
                    /** @description Response language; Accept-Language otherwise, zh-TW by default. */
                    lang?: "zh-TW" | "en";
                };
                header?: never;
                path: {
                    /** @description Patient id (UUID). */
                    patientId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One patient at the bedside. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Live alerts, most urgent first. */
                            alerts: {
                                acknowledgedAt: string | null;
                                acknowledgedBy: {
                                    displayName: string;
                                    /** Format: uuid */
                                    id: string;
                                } | null;
                                assessmentId: string | null;
                                /** @description Language-neutral content: `level` (grade), `criteria` (rules that fired), `assessmentId`. */
                                detail: {
                                    [key: string]: unknown;
                                };
                                dueAt: string | null;
                                episodeId: string | null;
                                escalatedAt: string | null;
                                /** Format: uuid */
                                id: string;
                                key: string;
                                /** @description crs-grade, icans-grade, iec-hs, icaht-grade, tls-laboratory, febrile-neutropenia, tocilizumab-limit, vital-signs-due. */
                                kind: string;
                                /** Format: uuid */
                                patientId: string;
                                patientName?: string;
                                /** Format: date-time */
                                raisedAt: string;
                                resolvedAt: string | null;
                                /** @enum {string} */
                                severity: "info" | "warning" | "critical";
                                /** @enum {string} */
                                status: "open" | "acknowledged" | "resolved";
                                /** @description The alert in the requested language. */
                                text: string;
                                version: number;
                            }[];
                            /** @description The latest assessment of each instrument, newest first. */
                            assessments: {
                                /** Format: date-time */
                                assessedAt: string;
                                /** Format: uuid */
                                id: string;
                                instrument: string;
                                /** @description The result with its explanation in the requested language; null when its ruleset is no longer known. */
                                rendered: {
                                    actions: {
                                        citations: {
                                            doi?: string;
                                            /** @enum {string} */
                                            kind: "seed" | "publication";
                                            reference: string;
                                        }[];
                                        dose?: {
                                            basedOn?: {
                                                unit: string;
                                                value: number;
                                            };
                                            cappedAt?: {
                                                unit: string;
                                                value: number;
                                            };
                                            perUnit?: {
                                                unit: string;
                                                value: number;
                                            };
                                            text: string;
                                            unit: string;
                                            upTo?: number;
                                            value: number;
                                        };
                                        drug?: string;
                                        dueBy?: string;
                                        duration?: string;
                                        escalation?: {
                                            after?: string;
                                            rule: string;
                                            text: string;
                                        }[];
                                        frequency?: string;
                                        limits?: {
                                            rule: string;
                                            text: string;
                                        }[];
                                        refusedBecause?: {
                                            citations: {
                                                doi?: string;
                                                /** @enum {string} */
                                                kind: "seed" | "publication";
                                                reference: string;
                                            }[];
                                            field: string;
                                            observed: number | string | boolean | null;
                                            rule: string;
                                            text: string;
                                            threshold?: {
                                                comparator: string;
                                                unit?: string;
                                                value: (number | string | boolean) | (number | string | boolean)[];
                                            };
                                            unit?: string;
                                            yields?: number | string | boolean;
                                        }[];
                                        route?: string;
                                        rule: string;
                                        /** @enum {string} */
                                        status: "do" | "consider" | "refused";
                                        text: string;
                                    }[];
                                    basis: {
                                        citations: {
                                            doi?: string;
                                            /** @enum {string} */
                                            kind: "seed" | "publication";
                                            reference: string;
                                        }[];
                                        field: string;
                                        observed: number | string | boolean | null;
                                        rule: string;
                                        text: string;
                                        threshold?: {
                                            comparator: string;
                                            unit?: string;
                                            value: (number | string | boolean) | (number | string | boolean)[];
                                        };
                                        unit?: string;
                                        yields?: number | string | boolean;
                                    }[];
                                    citations: {
                                        doi?: string;
                                        /** @enum {string} */
                                        kind: "seed" | "publication";
                                        reference: string;
                                    }[];
                                    instrument: string;
                                    /** @enum {string} */
                                    lang: "zh-TW" | "en";
                                    rulesetVersion: string;
                                    /** @enum {string} */
                                    status: "assessed" | "cannot-assess";
                                    summary: string;
                                    title: string;
                                    value: unknown | null;
                                    warnings: {
                                        field?: string;
                                        rule: string;
                                        text: string;
                                    }[];
                                } | null;
                                settingsVersion: number;
                                trigger: string;
                            }[];
                            /** @description Newest first. */
                            courses: {
                                /** @description Calendar days from day 0 to today: negative before the infusion, e.g. 4 on day +4. */
                                day: number | null;
                                /** @description Day 0 (the infusion) in the institution's time zone; null while no infusion date is known. */
                                dayZero: string | null;
                                disease: string;
                                endedAt: string | null;
                                /** Format: uuid */
                                episodeId: string;
                                /** @enum {string} */
                                kind: "car-t-course" | "leukemia-course";
                                openTasks: {
                                    dueAt: string | null;
                                    /** Format: uuid */
                                    id: string;
                                    /** @enum {string} */
                                    kind: "role" | "deadline";
                                    role: string;
                                    step: string;
                                    stepTitle: string;
                                    /** @description For a deadline task the deadline's text; for a step task the step's name. */
                                    text: string;
                                }[];
                                /** Format: date-time */
                                startedAt: string;
                                status: string;
                                steps: {
                                    completedAt: string | null;
                                    deadlines: {
                                        dueAt: string | null;
                                        notBefore: string | null;
                                        rule: string;
                                        taskStatus: string | null;
                                        text: string;
                                    }[];
                                    overrideReason: string | null;
                                    ownerRole: string;
                                    startedAt: string | null;
                                    /** @enum {string} */
                                    status: "pending" | "active" | "completed" | "overridden";
                                    step: string;
                                    title: string;
                                }[];
                            }[];
                            /** Format: date-time */
                            generatedAt: string;
                            /** @description Of the last `hours` hours, newest first. */
                            observations: {
                                /** @enum {string} */
                                category: "vital-signs" | "laboratory" | "survey" | "exam" | "other";
                                code: string;
                                /** Format: date-time */
                                effectiveAt: string;
                                /** Format: uuid */
                                id: string;
                                unit: string | null;
                                value: number | null;
                                valueCode: string | null;
                            }[];
                            patient: {
                                /** @description The course under way (not ended), the latest started; null when none. */
                                activeEpisode: {
                                    disease: string;
                                    /** Format: uuid */
                                    id: string;
                                    kind: string;
                                    /** Format: date-time */
                                    startedAt: string;
                                    status: string;
                                } | null;
                                /** Format: date */
                                birthDate: string;
                                careTeam: {
                                    /** Format: date-time */
                                    addedAt: string;
                                    displayName: string;
                                    role: string;
                                    /** Format: uuid */
                                    userId: string;
                                }[];
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                identifiers: {
                                    /** @enum {string} */
                                    kind: "medical-record-number" | "national-id" | "passport" | "birth-date-and-name" | "program-id";
                                    /** @description Namespace of the value, e.g. the hospital's medical record number URI. */
                                    system: string;
                                    value: string;
                                }[];
                                name: string;
                                nameLatin: string | null;
                                /** @enum {string} */
                                sex: "female" | "male" | "other" | "unknown";
                                /** Format: date-time */
                                updatedAt: string;
                                version: number;
                            };
                            timeZone: string;
                            /** @description What the signed-in user may do here (from the permission table). */
                            viewer: {
                                /** @description The signed-in user's role holds alert.acknowledge. */
                                canAcknowledge: boolean;
                            };
                        };
                    };
                };
                /** @description Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            error: "invalid-input" | "invalid-request" | "unknown-instrument" | "not-found" | "unauthenticated" | "forbidden" | "conflict" | "precondition-failed" | "gate-closed" | "signature-invalid" | "payload-too-large" | "unsupported-media-type" | "internal-error";
                            instrument?: string;
                            issues?: {
                                /** @description What is wrong and what to do, in the requested language. */
                                message: string;
                                /** @description Dotted path of the field, e.g. "oxygen.flow" or "tocilizumabAdministrations[0].at"; empty for the whole body. */
                                path: string;
                                /** @description Identifier of the rule broken, e.g. "input.unit-required". */
                                rule: string;
                            }[];
                            message: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instruments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every registered instrument, by name. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            kind: "instrument" | "planner";
                            name: string;
                            /** @description Seed section, e.g. "002 §3.1.2". */
                            section: string;
                            title: {
                                en: string;
                                "zh-TW": string;
                            };
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
