// The catalog's entries, by area: this file holds the parts some messages interpolate (groups
// other than `.message`); the whole messages are in MessageCatalog+Validation.swift (validation
// rules and value coercion), +Syntax.swift (the parser), +Execution.swift (execution, variables,
// limits), +HTTP.swift (requests, persisted queries, uploads, WebSocket payloads) and
// +Service.swift (the incident service's domain errors).
//
// Each English template is the message exactly as the source writes it; when a source message
// changes, its entry must change with it, or the message stays English.
//
// Arabic glossary (Modern Standard Arabic; used the same way in every entry):
//   field حقل · subfield حقل فرعي · type نوع · argument وسيط (وسائط) · variable متغير
//   operation عملية · query استعلام · mutation تعديل · subscription اشتراك
//   fragment جزء · inline fragment جزء مضمَّن · spread (a fragment) نشر · directive موجِّه
//   schema مخطط · selection تحديد · root field حقل جذري · introspection استبطان (introspection)
//   enum تعداد · input object كائن إدخال · input type نوع إدخال · alias اسم مستعار
//   non-null «لا يقبل القيمة null» · required مطلوب · value قيمة · list قائمة
//   Syntax Error خطأ نحوي · token رمز (token) · document مستند · request طلب · header ترويسة
//   parameter معامل · upload/file part رفع / جزء ملف · persisted query استعلام محفوظ
//   tenant مستأجر · member عضو · role دور · API key مفتاح API · access/refresh token رمز الوصول/التحديث
//   incident حادثة · dashboard لوحة معلومات · widget أداة · webhook خطاف ويب (webhook)
//   escalation policy سياسة التصعيد · notification إشعار · audit log سجل التدقيق
//   retention policy سياسة الاحتفاظ · cursor مؤشر (cursor) · cost تكلفة · budget ميزانية
// GraphQL names, types, values, codes and anything in quotes or backticks stay in Latin script,
// as the client wrote them; Arabic punctuation (، ؛ ؟) is used between Arabic words.

extension MessageCatalog {
    /// Every entry, parts first.
    public static let entries: [Entry] =
        partEntries + validationEntries + syntaxEntries + executionEntries + httpEntries + serviceEntries

    /// Parts of messages, referred to by `{name:group}` placeholders.
    static let partEntries: [Entry] = [
        // graphql-js's suggestion suffixes (Suggestions.didYouMean), with their leading space.
        Entry("suggestion.names", .suggestion,
              en: #" Did you mean {names:list}?"#,
              ar: #" هل تقصد {names}؟"#),
        Entry("suggestion.inlineFragment", .suggestion,
              en: #" Did you mean to use an inline fragment on {names:list}?"#,
              ar: #" هل تقصد استخدام جزء مضمَّن على {names}؟"#),
        Entry("suggestion.enumValue", .suggestion,
              en: #" Did you mean the enum value {names:list}?"#,
              ar: #" هل تقصد قيمة التعداد {names}؟"#),

        // Lists of quoted names, as the suggestions, fragment cycles and uploads join them.
        Entry("list.orLast", .list,
              en: #"{items:list}, or {last}"#,
              ar: #"{items}، أو {last}"#),
        Entry("list.or", .list,
              en: #"{first} or {last}"#,
              ar: #"{first} أو {last}"#),
        Entry("list.comma", .list,
              en: #"{first}, {rest:list}"#,
              ar: #"{first}، {rest}"#),
        Entry("list.single", .list,
              en: #""{name}""#,
              ar: #""{name}""#),

        // OverlappingFieldsCanBeMerged's reasons.
        Entry("conflict.differentFields", .conflict,
              en: #""{first}" and "{second}" are different fields"#,
              ar: #""{first}" و"{second}" حقلان مختلفان"#),
        Entry("conflict.differingArguments", .conflict,
              en: #"they have differing arguments"#,
              ar: #"لهما وسائط مختلفة"#),
        Entry("conflict.conflictingTypes", .conflict,
              en: #"they return conflicting types "{first}" and "{second}""#,
              ar: #"يُرجعان نوعين متعارضين هما "{first}" و"{second}""#),
        Entry("conflict.subfields", .conflict,
              en: #"subfields "{name}" conflict because {reason:conflict}"#,
              ar: #"الحقول الفرعية "{name}" تتعارض لأن {reason}"#),
        Entry("conflict.subfieldsAnd", .conflict,
              en: #"{first:conflict} and subfields "{name}" conflict because {reason:conflict}"#,
              ar: #"{first}، والحقول الفرعية "{name}" تتعارض لأن {reason}"#),

        // Operation types.
        Entry("operation.query", .operation, en: "query", ar: "الاستعلام"),
        Entry("operation.mutation", .operation, en: "mutation", ar: "التعديل"),
        Entry("operation.subscription", .operation, en: "subscription", ar: "الاشتراك"),

        // The subject of the subscription rules.
        Entry("subscription.named", .subscription,
              en: #"Subscription "{name}""#,
              ar: #"الاشتراك "{name}""#),
        Entry("subscription.anonymous", .subscription,
              en: "Anonymous Subscription",
              ar: "الاشتراك غير المسمّى"),

        // JSON parser limits (JSONParser).
        Entry("jsonLimit.values", .jsonLimit,
              en: "more than {limit} values",
              ar: "فيه أكثر من {limit} قيمة"),
        Entry("jsonLimit.depth", .jsonLimit,
              en: "nested too deeply",
              ar: "تداخله عميق أكثر من اللازم"),
        Entry("jsonLimit.keys", .jsonLimit,
              en: "an object with more than {limit} keys",
              ar: "فيه كائن يحوي أكثر من {limit} مفتاح"),

        // What was not found (DomainError.notFound).
        Entry("subject.document", .subject, en: "Document", ar: "المستند"),
        Entry("subject.incident", .subject, en: "Incident", ar: "الحادثة"),
        Entry("subject.escalationPolicy", .subject, en: "Escalation policy", ar: "سياسة التصعيد"),
        Entry("subject.webhookEndpoint", .subject, en: "Webhook endpoint", ar: "نقطة نهاية خطاف الويب (webhook)"),
        Entry("subject.webhookMessage", .subject, en: "Webhook message", ar: "رسالة خطاف الويب (webhook)"),
        Entry("subject.dashboard", .subject, en: "Dashboard", ar: "لوحة المعلومات"),
        Entry("subject.widget", .subject, en: "Widget", ar: "الأداة (widget)"),
        Entry("subject.user", .subject, en: "User", ar: "المستخدم"),
        Entry("subject.tenant", .subject, en: "Tenant", ar: "المستأجر"),
        Entry("subject.apiKey", .subject, en: "API key", ar: "مفتاح API"),
        Entry("subject.notification", .subject, en: "Notification", ar: "الإشعار"),
        Entry("subject.membership", .subject, en: "Your membership", ar: "عضويتك"),
        Entry("subject.memberWithID", .subject, en: "A member with this id", ar: "عضو بهذا المعرِّف"),
        Entry("subject.userWithEmail", .subject,
              en: "A user with email '{email}'",
              ar: "مستخدم بالبريد الإلكتروني '{email}'"),

        // What a role or an API key may not do (TenantAccess.require, AccountService), as a
        // verbal noun after «صلاحية».
        Entry("action.manageWebhooks", .action, en: "manage webhooks", ar: "إدارة خطافات الويب (webhooks)"),
        Entry("action.writeDocuments", .action, en: "write documents", ar: "كتابة المستندات"),
        Entry("action.readIncidents", .action, en: "read incidents", ar: "قراءة الحوادث"),
        Entry("action.readDocuments", .action, en: "read documents", ar: "قراءة المستندات"),
        Entry("action.editDashboards", .action, en: "edit dashboards", ar: "تحرير لوحات المعلومات"),
        Entry("action.readEscalationPolicies", .action, en: "read escalation policies", ar: "قراءة سياسات التصعيد"),
        Entry("action.readDashboards", .action, en: "read dashboards", ar: "قراءة لوحات المعلومات"),
        Entry("action.manageEscalationPolicies", .action, en: "manage escalation policies", ar: "إدارة سياسات التصعيد"),
        Entry("action.createDashboards", .action, en: "create dashboards", ar: "إنشاء لوحات المعلومات"),
        Entry("action.subscribeIncidentEvents", .action, en: "subscribe to incident events", ar: "الاشتراك في أحداث الحوادث"),
        Entry("action.subscribeDocumentEvents", .action, en: "subscribe to document events", ar: "الاشتراك في أحداث المستندات"),
        Entry("action.signOutEverywhere", .action, en: "sign out everywhere", ar: "تسجيل الخروج من كل الجلسات"),
        Entry("action.signOut", .action,
              en: "sign out (they have no session to end)",
              ar: "تسجيل الخروج (فليست لها جلسة تُنهى)"),
        Entry("action.setRetentionPolicy", .action, en: "set the retention policy", ar: "ضبط سياسة الاحتفاظ"),
        Entry("action.searchDocuments", .action, en: "search documents", ar: "البحث في المستندات"),
        Entry("action.revokeAPIKeys", .action, en: "revoke API keys", ar: "إلغاء مفاتيح API"),
        Entry("action.reportIncidents", .action, en: "report incidents", ar: "الإبلاغ عن الحوادث"),
        Entry("action.removeOwners", .action, en: "remove owners", ar: "إزالة المالكين"),
        Entry("action.removeMembers", .action, en: "remove members", ar: "إزالة الأعضاء"),
        Entry("action.readRetentionPolicy", .action, en: "read the retention policy", ar: "قراءة سياسة الاحتفاظ"),
        Entry("action.readAuditLog", .action, en: "read the audit log", ar: "قراءة سجل التدقيق"),
        Entry("action.readMetrics", .action, en: "read metrics", ar: "قراءة المقاييس"),
        Entry("action.readIncidentEvents", .action, en: "read incident events", ar: "قراءة أحداث الحوادث"),
        Entry("action.readEscalationRouting", .action, en: "read escalation routing", ar: "قراءة توجيه التصعيد"),
        Entry("action.manageTenant", .action, en: "manage the tenant", ar: "إدارة المستأجر"),
        Entry("action.manageEscalationRouting", .action, en: "manage escalation routing", ar: "إدارة توجيه التصعيد"),
        Entry("action.listMembers", .action, en: "list members", ar: "عرض قائمة الأعضاء"),
        Entry("action.listAPIKeys", .action, en: "list API keys", ar: "عرض قائمة مفاتيح API"),
        Entry("action.exportAuditLog", .action, en: "export the audit log", ar: "تصدير سجل التدقيق"),
        Entry("action.exportIncidents", .action, en: "export incidents", ar: "تصدير الحوادث"),
        Entry("action.deleteDocuments", .action, en: "delete documents", ar: "حذف المستندات"),
        Entry("action.deleteDashboards", .action, en: "delete dashboards", ar: "حذف لوحات المعلومات"),
        Entry("action.deleteOthersDashboard", .action,
              en: "delete a dashboard another user created",
              ar: "حذف لوحة معلومات أنشأها مستخدم آخر"),
        Entry("action.createAPIKeys", .action, en: "create API keys", ar: "إنشاء مفاتيح API"),
        Entry("action.changeIncidents", .action, en: "change incidents", ar: "تغيير الحوادث"),
        Entry("action.changePassword", .action, en: "change a password", ar: "تغيير كلمة المرور"),
        Entry("action.assignIncidents", .action, en: "assign incidents", ar: "إسناد الحوادث"),
        Entry("action.addOwners", .action, en: "add owners", ar: "إضافة مالكين"),
        Entry("action.addMembers", .action, en: "add members", ar: "إضافة أعضاء"),
        Entry("action.createTenants", .action, en: "create tenants", ar: "إنشاء المستأجرين"),
        Entry("action.leaveTenant", .action, en: "leave a tenant", ar: "مغادرة مستأجر"),
    ]
}
