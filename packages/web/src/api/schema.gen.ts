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
    "/api/v1/custody/chains/{chainId}": {
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
                path: {
                    chainId: string;
                };
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
                            acceptedEvents: number;
                            clocks: {
                                /** @enum {string} */
                                clock: "cold-storage" | "cryopreservation" | "thaw-to-infusion";
                                dueAt: string;
                                late: boolean;
                                metAt: string | null;
                                minutesLeft: number | null;
                                rule: string;
                                startedAt: string;
                                /** @enum {string} */
                                status: "running" | "warning" | "expired" | "met";
                                subject: string;
                                text: string;
                                warningFrom: string;
                            }[];
                            coi: {
                                barcodeData: string;
                                /** @description ISO 7064 Mod 37-2 keyboard check character, printed boxed after the eye-readable text. */
                                checkCharacter: string;
                                eyeReadable: string;
                                /** @enum {string} */
                                scheme: "isbt128" | "local";
                                value: string;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            deviations: {
                                /** Format: uuid */
                                chainId: string;
                                closedAt: string | null;
                                closedBy: string | null;
                                closingSummary: string | null;
                                /** @enum {string} */
                                code: "coi-mismatch" | "patient-mismatch" | "din-mismatch" | "collection-bag-unknown" | "product-bag-unknown" | "manufacturer-identifier-mismatch" | "manufacturer-identifier-missing" | "scan-required" | "bag-not-scanned" | "identifier-already-used" | "patient-identifiers-too-few" | "bedside-identifiers-incomplete" | "product-expired" | "second-person-required" | "same-user-twice" | "role-not-permitted" | "time-before-previous-event" | "collection-times-invalid" | "wrong-pathway" | "already-cryopreserved" | "not-cryopreserved" | "already-shipped" | "not-shipped" | "product-already-received" | "not-received" | "not-released" | "not-stored" | "not-at-bedside" | "no-bedside-match" | "previous-bag-not-infused" | "bag-not-thawed" | "bag-already-thawed" | "infusion-not-started" | "bag-already-infused" | "freezing-record-invalid" | "cabinet-required" | "cabinet-not-open" | "cabinet-occupied" | "cabinet-material-already-open" | "cabinet-material-not-open" | "cold-storage-late" | "cryopreservation-late" | "freeze-start-late" | "freezing-curve-nonconforming" | "processing-value-out-of-range" | "microbiology-positive" | "temperature-out-of-range" | "temperature-not-recorded" | "release-not-accepted" | "package-integrity" | "thaw-to-infusion-exceeded";
                                coi: string;
                                correctiveAction: string | null;
                                detectedAt: string;
                                detectedBy: string[];
                                eventId: string;
                                eventType: string;
                                field: string;
                                hardStop: boolean;
                                history: {
                                    action: string;
                                    at: string;
                                    by: string;
                                    /** @enum {string} */
                                    status: "open" | "investigated" | "closed";
                                }[];
                                id: string;
                                investigatedAt: string | null;
                                investigatedBy: string | null;
                                notes: {
                                    at: string;
                                    by: string;
                                    text: string;
                                }[];
                                openedAt: string;
                                params: {
                                    [key: string]: string | number | boolean;
                                };
                                reasons: ("coi-mismatch" | "patient-mismatch" | "din-mismatch" | "collection-bag-unknown" | "product-bag-unknown" | "manufacturer-identifier-mismatch" | "manufacturer-identifier-missing" | "scan-required" | "bag-not-scanned" | "identifier-already-used" | "patient-identifiers-too-few" | "bedside-identifiers-incomplete" | "product-expired" | "second-person-required" | "same-user-twice" | "role-not-permitted" | "time-before-previous-event" | "collection-times-invalid" | "wrong-pathway" | "already-cryopreserved" | "not-cryopreserved" | "already-shipped" | "not-shipped" | "product-already-received" | "not-received" | "not-released" | "not-stored" | "not-at-bedside" | "no-bedside-match" | "previous-bag-not-infused" | "bag-not-thawed" | "bag-already-thawed" | "infusion-not-started" | "bag-already-infused" | "freezing-record-invalid" | "cabinet-required" | "cabinet-not-open" | "cabinet-occupied" | "cabinet-material-already-open" | "cabinet-material-not-open" | "cold-storage-late" | "cryopreservation-late" | "freeze-start-late" | "freezing-curve-nonconforming" | "processing-value-out-of-range" | "microbiology-positive" | "temperature-out-of-range" | "temperature-not-recorded" | "release-not-accepted" | "package-integrity" | "thaw-to-infusion-exceeded")[];
                                rootCause: string | null;
                                signature: {
                                    /** Format: uuid */
                                    id: string;
                                    meaning: string;
                                    recordHash: string;
                                    /** Format: date-time */
                                    signedAt: string;
                                    signerName: string;
                                    signerRole: string;
                                } | null;
                                /** @enum {string} */
                                source: "custody-event" | "cabinet-event";
                                /** @enum {string} */
                                status: "open" | "investigated" | "closed";
                                /** @description The primary reason, in the requested language. */
                                text: string;
                                version: number;
                            }[];
                            /** @description The ISBT 128 DIN assigned with the chain when the institution has a facility code. */
                            din: {
                                barcodeData: string;
                                /** @description ISO 7064 Mod 37-2 keyboard check character, printed boxed after the eye-readable text. */
                                checkCharacter: string;
                                eyeReadable: string;
                                value: string;
                            } | null;
                            /** Format: uuid */
                            episodeId: string;
                            events: {
                                /** Format: date-time */
                                at: string;
                                /** @description The event as recorded (CustodyEvent input, with id and performedBy). */
                                event: {
                                    [key: string]: unknown;
                                };
                                /** Format: uuid */
                                id: string;
                                location: {
                                    cabinetId: string | null;
                                    id: string;
                                    kind: string;
                                };
                                /** @enum {string} */
                                outcome: "accepted" | "refused";
                                performedBy: {
                                    displayName: string;
                                    role: string;
                                    /** Format: uuid */
                                    userId: string;
                                };
                                /** @description Order among the accepted events; null for a refused one. */
                                position: number | null;
                                reasons: {
                                    code: string;
                                    field: string;
                                    params: {
                                        [key: string]: string | number | boolean;
                                    };
                                    rule: string;
                                    text: string;
                                }[];
                                /** Format: date-time */
                                recordedAt: string;
                                /** @description SHA-256 of the event record as signed. */
                                recordHash: string;
                                signatures: {
                                    /** Format: uuid */
                                    id: string;
                                    meaning: string;
                                    recordHash: string;
                                    /** Format: date-time */
                                    signedAt: string;
                                    signerName: string;
                                    signerRole: string;
                                }[];
                                /** @enum {string} */
                                type: "collection" | "cold-storage" | "cryopreservation" | "liquid-nitrogen-storage" | "shipment" | "manufacturing-status" | "receipt" | "release-documents" | "product-storage" | "transfer-to-bedside" | "bedside-match" | "thaw" | "infusion-start" | "infusion-end";
                                verifiedBy: {
                                    displayName: string;
                                    role: string;
                                    /** Format: uuid */
                                    userId: string;
                                } | null;
                            }[];
                            /** Format: uuid */
                            id: string;
                            lineage: {
                                edges: {
                                    at: string;
                                    eventId: string;
                                    /** @enum {string} */
                                    eventType: "collection" | "cold-storage" | "cryopreservation" | "liquid-nitrogen-storage" | "shipment" | "manufacturing-status" | "receipt" | "release-documents" | "product-storage" | "transfer-to-bedside" | "bedside-match" | "thaw" | "infusion-start" | "infusion-end";
                                    from: string;
                                    to: string;
                                }[];
                                nodes: {
                                    aliases: {
                                        /** @description Institution-defined name of the manufacturer identifier, e.g. "acme-coi". */
                                        system: string;
                                        value: string;
                                    }[];
                                    key: string;
                                    /** @enum {string} */
                                    kind: "patient" | "coi" | "din" | "collection-bag" | "shipment" | "product" | "product-bag" | "infusion";
                                    value: string;
                                }[];
                            };
                            manufacturerIdentifiers: {
                                /** @description Institution-defined name of the manufacturer identifier, e.g. "acme-coi". */
                                system: string;
                                value: string;
                            }[];
                            /** @enum {string} */
                            pathway: "cryopreserve-on-site" | "fresh-to-manufacturer";
                            /** Format: uuid */
                            patientId: string;
                            /** @description The BiologicallyDerivedProduct, once the product is received. */
                            productId: string | null;
                            state: {
                                acceptedEvents: number;
                                coi: string;
                                collectionBags: {
                                    bagId: string;
                                    /** @description Controlled-rate freezing completed (from the freezing record). */
                                    cryopreservedAt: string | null;
                                    /**
                                     * @description DMSO cryoprotectant first added (from the freezing record), when it was recorded.
                                     * @default null
                                     */
                                    cryoprotectantAddedAt: string | null;
                                    din: string;
                                    /** @description Controlled-rate freezing started: from the freezing record, or its completion when the record has no start. */
                                    freezingStartedAt: string | null;
                                    /**
                                     * @description The freezing record gave the start of freezing (freezingStartedAt is not its completion).
                                     * @default false
                                     */
                                    freezingStartRecorded: boolean;
                                    liquidNitrogenAt: string | null;
                                    /** @description Placed at 2-8 °C. */
                                    refrigeratedAt: string | null;
                                    shipmentId: string | null;
                                    shippedAt: string | null;
                                }[];
                                collections: {
                                    bagIds: string[];
                                    /** @description 13-character DIN. */
                                    din: string;
                                    end: string;
                                    eventId: string;
                                    start: string;
                                }[];
                                /** @description Instant of the last accepted event: later events may not be earlier. */
                                lastEventAt: string | null;
                                manufacturing: {
                                    at: string;
                                    manufacturerIdentifiers: {
                                        /** @description Institution-defined name of the manufacturer identifier, e.g. "acme-coi". */
                                        system: string;
                                        value: string;
                                    }[];
                                    /** @enum {string} */
                                    status: "received" | "in-production" | "quality-control" | "released" | "shipped" | "on-hold" | "failed";
                                }[];
                                /** @enum {string} */
                                pathway: "cryopreserve-on-site" | "fresh-to-manufacturer";
                                /** @description Opaque patient id; never a name or record number. */
                                patientId: string;
                                product: {
                                    bags: {
                                        atBedsideAt: string | null;
                                        bagId: string;
                                        infusionEndedAt: string | null;
                                        infusionStartedAt: string | null;
                                        manufacturerBagId: string | null;
                                        /** @description Latest two-person bedside identity match of this bag. */
                                        matchedAt: string | null;
                                        /** @description Placed in liquid nitrogen after receipt. */
                                        storedAt: string | null;
                                        thawStartedAt: string | null;
                                    }[];
                                    chainOfIdentityVerifiedByTwo: boolean;
                                    expiresAt: string;
                                    inventoryByBagNumber: boolean;
                                    manufacturerIdentifiers: {
                                        /** @description Institution-defined name of the manufacturer identifier, e.g. "acme-coi". */
                                        system: string;
                                        value: string;
                                    }[];
                                    productId: string;
                                    receivedAt: string;
                                    release: {
                                        oos?: {
                                            detailsOnReleaseCertificate?: boolean;
                                            /** @description Manufacturer's written risk assessment provided. */
                                            manufacturerRiskAssessment?: boolean;
                                            /** @description OOS because of microbial or harmful-substance contamination: never usable. */
                                            microbialOrHarmfulContamination?: boolean;
                                            /** @description Patient's written consent. */
                                            patientWrittenConsent?: boolean;
                                            /** @description Treating physician's written statement on use. */
                                            physicianStatement?: boolean;
                                        };
                                        /** @description The product is out of specification (OOS). */
                                        outOfSpecification?: boolean;
                                        /** @description Manufacturer's release documents reviewed (viable CAR-T count, volume, shipping temperature, sterility, QC). */
                                        releaseDocumentsReviewed?: boolean;
                                    };
                                    /**
                                     * @description The infusion planner's receipt status: thaw needs accepted.
                                     * @enum {string}
                                     */
                                    releaseStatus: "accepted" | "not-accepted" | "incomplete";
                                    /** @enum {string} */
                                    storageCheck: "pending" | "passed" | "failed";
                                } | null;
                                shipments: {
                                    at: string;
                                    bagIds: string[];
                                    containerId: string;
                                    manufacturerIdentifiers: {
                                        /** @description Institution-defined name of the manufacturer identifier, e.g. "acme-coi". */
                                        system: string;
                                        value: string;
                                    }[];
                                    shipmentId: string;
                                }[];
                            };
                            veinToVein: {
                                coi: string;
                                days: number;
                                from: string;
                                hours: number;
                                to: string;
                            } | null;
                        };
                    };
                };
                /** @description Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken. */
                400: {
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
                /** @description Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken. */
                403: {
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
    "/api/v1/patients/{patientId}/custody/chains": {
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
                path: {
                    patientId: string;
                };
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
                            acceptedEvents: number;
                            coi: {
                                barcodeData: string;
                                /** @description ISO 7064 Mod 37-2 keyboard check character, printed boxed after the eye-readable text. */
                                checkCharacter: string;
                                eyeReadable: string;
                                /** @enum {string} */
                                scheme: "isbt128" | "local";
                                value: string;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** @description The ISBT 128 DIN assigned with the chain when the institution has a facility code. */
                            din: {
                                barcodeData: string;
                                /** @description ISO 7064 Mod 37-2 keyboard check character, printed boxed after the eye-readable text. */
                                checkCharacter: string;
                                eyeReadable: string;
                                value: string;
                            } | null;
                            /** Format: uuid */
                            episodeId: string;
                            /** Format: uuid */
                            id: string;
                            manufacturerIdentifiers: {
                                /** @description Institution-defined name of the manufacturer identifier, e.g. "acme-coi". */
                                system: string;
                                value: string;
                            }[];
                            /** @enum {string} */
                            pathway: "cryopreserve-on-site" | "fresh-to-manufacturer";
                            /** Format: uuid */
                            patientId: string;
                            /** @description The BiologicallyDerivedProduct, once the product is received. */
                            productId: string | null;
                        }[];
                    };
                };
                /** @description Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken. */
                400: {
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
                /** @description Error: `error` is a code from a fixed vocabulary; `issues` name the field path and the rule broken. */
                403: {
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
