{{/* Chart name, truncated to the 63 characters a label allows. */}}
{{- define "app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name: the release name unless it already contains the chart name. */}}
{{- define "app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "app.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "app.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: casino-platform
casino.io/team: {{ .Values.team }}
{{ include "app.kubernetesIdLabel" . }}
{{- end }}

{{/*
backstage.io/kubernetes-id: the label the portal's Kubernetes tab selects
pods, deployments and services by; not a selector label, so changing it
never needs a new Deployment.
*/}}
{{- define "app.kubernetesIdLabel" -}}
backstage.io/kubernetes-id: {{ default .Release.Name .Values.kubernetesId | trunc 63 | trimSuffix "-" | quote }}
{{- end }}

{{- define "app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "app.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
nodeSelector: architecture amd64/arm64 and capacityType spot/on-demand become
hard selectors on the labels Karpenter puts on its nodes; the user's
nodeSelector wins on conflicts.
*/}}
{{- define "app.nodeSelector" -}}
{{- $sel := dict }}
{{- if ne .Values.architecture "multi" }}
{{- $_ := set $sel "kubernetes.io/arch" .Values.architecture }}
{{- end }}
{{- if ne .Values.capacityType "any" }}
{{- $_ := set $sel "karpenter.sh/capacity-type" .Values.capacityType }}
{{- end }}
{{- $sel = merge (deepCopy .Values.nodeSelector) $sel }}
{{- if $sel }}
{{- toYaml $sel }}
{{- end }}
{{- end }}

{{/*
affinity: for a multi-arch image, require one of the two architectures and
prefer Graviton; for capacityType any, prefer spot. An affinity given in
values replaces this.
*/}}
{{- define "app.affinity" -}}
{{- if .Values.affinity }}
{{- toYaml .Values.affinity }}
{{- else }}
{{- $preferred := list }}
{{- if eq .Values.architecture "multi" }}
{{- $preferred = append $preferred (dict "weight" 80 "preference" (dict "matchExpressions" (list (dict "key" "kubernetes.io/arch" "operator" "In" "values" (list "arm64"))))) }}
{{- end }}
{{- if eq .Values.capacityType "any" }}
{{- $preferred = append $preferred (dict "weight" 20 "preference" (dict "matchExpressions" (list (dict "key" "karpenter.sh/capacity-type" "operator" "In" "values" (list "spot"))))) }}
{{- end }}
{{- $node := dict }}
{{- if eq .Values.architecture "multi" }}
{{- $_ := set $node "requiredDuringSchedulingIgnoredDuringExecution" (dict "nodeSelectorTerms" (list (dict "matchExpressions" (list (dict "key" "kubernetes.io/arch" "operator" "In" "values" (list "amd64" "arm64")))))) }}
{{- end }}
{{- if $preferred }}
{{- $_ := set $node "preferredDuringSchedulingIgnoredDuringExecution" $preferred }}
{{- end }}
{{- if $node }}
{{- toYaml (dict "nodeAffinity" $node) }}
{{- end }}
{{- end }}
{{- end }}

{{/* topologySpreadConstraints: the user's, or spread replicas over zones. */}}
{{- define "app.topologySpreadConstraints" -}}
{{- if .Values.topologySpreadConstraints }}
{{- toYaml .Values.topologySpreadConstraints }}
{{- else -}}
- maxSkew: 1
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: ScheduleAnyway
  labelSelector:
    matchLabels:
      {{- include "app.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}
