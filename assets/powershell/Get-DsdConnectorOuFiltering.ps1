#Requires -Version 5.1
# The AD connector's OU filtering: for each AD connector, each partition's DN, name, whether it
# is selected, and its container inclusion and exclusion lists (shared/domain/ou-filtering.ts has
# the sources and how sure each name is).
#   AADSync / Entra Connect: Get-ADSyncConnector -> .Partitions[] -> .DN, .Name, .Selected,
#     .ConnectorPartitionScope.ContainerInclusionList / .ContainerExclusionList. Every property is
#     read by name; one that is missing is reported as 'unexpected-shape' naming it, never guessed.
#   DirSync: its OU filtering is set in the Synchronization Service Manager (the AD management
#     agent's directory partitions) and kept in its engine's configuration, which no cmdlet reads
#     and no public source describes: 'not-readable-on-tool', and the app uses the admin's choice.
# Input:  {}
# Output: { ok: true, data: { Source: 'ADSyncConnector'|null, Tool: 'adsync'|'dirsync'|'none',
#           Partitions: [ { Connector, Dn, Name, Selected, Inclusions: [..], Exclusions: [..] } ],
#           Problem: { Code, Message }|null } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput

$answer = [ordered]@{ Source = $null; Tool = 'none'; Partitions = @(); Problem = $null }

function Write-DsdOuFilteringProblem {
    param([string] $Tool, [string] $Code, [string] $Message)
    $answer.Tool = $Tool
    $answer.Problem = [ordered]@{ Code = $Code; Message = $Message }
    Write-DsdResult -Data $answer
}

# A container list as plain strings; $null when the property is not there at all.
function ConvertTo-DsdContainerList {
    param([AllowNull()] $Scope, [string] $Name)
    $property = $Scope.PSObject.Properties[$Name]
    if ($null -eq $property) {
        return $null
    }
    $list = New-Object System.Collections.ArrayList
    foreach ($item in @($property.Value)) {
        if (($null -ne $item) -and ([string]$item).Trim().Length -gt 0) {
            $null = $list.Add(([string]$item).Trim())
        }
    }
    # The comma keeps the array one value, so an empty or one-item list stays a list.
    return ,$list.ToArray()
}

if (Import-DsdAdSyncModule) {
    $found = New-Object System.Collections.ArrayList
    $adConnectors = 0
    foreach ($connector in @(Get-ADSyncConnector)) {
        if ((Get-DsdConnectorType -Connector $connector) -ne 'ad') {
            continue
        }
        $adConnectors++
        $connectorName = [string]$connector.Name
        if ($null -eq $connector.PSObject.Properties['Partitions']) {
            Write-DsdOuFilteringProblem -Tool 'adsync' -Code 'unexpected-shape' -Message ("The AD connector '" + $connectorName + "' has no Partitions property on this build, so its OU filtering cannot be read.")
        }
        $partitions = @($connector.Partitions)
        if ($partitions.Count -eq 0) {
            Write-DsdOuFilteringProblem -Tool 'adsync' -Code 'unexpected-shape' -Message ("The AD connector '" + $connectorName + "' lists no partitions.")
        }
        foreach ($partition in $partitions) {
            $dn = Get-DsdField -Object $partition -Name 'DN'
            if (($null -eq $dn) -or ([string]$dn).Trim().Length -eq 0) {
                Write-DsdOuFilteringProblem -Tool 'adsync' -Code 'unexpected-shape' -Message ("A partition of the AD connector '" + $connectorName + "' has no DN property on this build.")
            }
            $scope = Get-DsdField -Object $partition -Name 'ConnectorPartitionScope'
            if ($null -eq $scope) {
                Write-DsdOuFilteringProblem -Tool 'adsync' -Code 'unexpected-shape' -Message ("The partition " + [string]$dn + " of the AD connector '" + $connectorName + "' has no ConnectorPartitionScope property on this build.")
            }
            $inclusions = ConvertTo-DsdContainerList -Scope $scope -Name 'ContainerInclusionList'
            $exclusions = ConvertTo-DsdContainerList -Scope $scope -Name 'ContainerExclusionList'
            if (($null -eq $inclusions) -or ($null -eq $exclusions)) {
                Write-DsdOuFilteringProblem -Tool 'adsync' -Code 'unexpected-shape' -Message ("The partition " + [string]$dn + " of the AD connector '" + $connectorName + "' has no ContainerInclusionList or ContainerExclusionList in its ConnectorPartitionScope on this build.")
            }
            $name = Get-DsdField -Object $partition -Name 'Name'
            $nameText = $null
            if (($null -ne $name) -and ([string]$name).Trim().Length -gt 0) {
                $nameText = ([string]$name).Trim()
            }
            $null = $found.Add([ordered]@{
                Connector  = $connectorName
                Dn         = ([string]$dn).Trim()
                Name       = $nameText
                Selected   = (Get-DsdOptionalBool -Object $partition -Name 'Selected')
                Inclusions = $inclusions
                Exclusions = $exclusions
            })
        }
    }
    if ($adConnectors -eq 0) {
        Write-DsdOuFilteringProblem -Tool 'adsync' -Code 'no-ad-connector' -Message 'The sync engine has no Active Directory connector.'
    }
    $answer.Source = 'ADSyncConnector'
    $answer.Tool = 'adsync'
    $answer.Partitions = $found.ToArray()
    Write-DsdResult -Data $answer
}

# AADSync / Connect installed, but its module did not load (not elevated, a damaged install): say so
# rather than call it "no sync tool".
if ($null -ne (Get-DsdAdSyncFolder)) {
    Write-DsdFailure -Code 'sync-unavailable' -Message 'AADSync or Entra Connect is installed on this server, but its ADSync PowerShell module could not be loaded, so the AD connector''s OU filtering cannot be read. Run the app as an administrator on the sync server.'
}

# DirSync: its engine is registered under the FIM service's Parameters key (HKLM, administrators only).
$parameters = 'SYSTEM\CurrentControlSet\Services\FIMSynchronizationService\Parameters'
if ($null -ne (Get-DsdMachineRegistryValue -SubKey $parameters -Name 'DBName')) {
    Write-DsdOuFilteringProblem -Tool 'dirsync' -Code 'not-readable-on-tool' -Message "DirSync keeps its OU filtering in its sync engine's management agent configuration (Synchronization Service Manager, the AD connector's Configure Directory Partitions, Containers), which no DirSync cmdlet reads: it is not readable on this tool."
}
Write-DsdOuFilteringProblem -Tool 'none' -Code 'no-sync-tool' -Message 'Neither the ADSync module (AADSync, Entra Connect) nor a DirSync sync engine is registered on this server.'
